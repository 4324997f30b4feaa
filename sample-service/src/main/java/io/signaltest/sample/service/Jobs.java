package io.signaltest.sample.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** Background jobs, each on the {@code @Async} executor. */
@Service
class Jobs {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    @Async
    public void run(String id, long millis) {
        log.info("job {} started", id);
        try {
            Thread.sleep(millis); // stands for the work: a report, a batch of emails
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("job {} interrupted", id);
            return;
        }
        log.info("job {} finished", id);
    }
}
