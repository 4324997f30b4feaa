package io.signaltest.sample.service;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** The id a log line gives a request or a job: the caller's {@value #HEADER}, else the next number. */
@Component
class RequestIds {

    static final String HEADER = "X-Request-Id";

    private final AtomicLong next = new AtomicLong();

    String idOf(String header) {
        return header != null && !header.isBlank() ? header.trim() : Long.toString(next.incrementAndGet());
    }
}
