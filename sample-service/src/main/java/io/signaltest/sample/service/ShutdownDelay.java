package io.signaltest.sample.service;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the service serving for {@code sample.shutdown.delay} after SIGTERM, with readiness already 503, before the web
 * server drains: load balancers go on sending requests for a while after a probe has failed, and those would otherwise
 * be refused.
 *
 * <p>Spring Boot turns readiness to 503 as the context starts to close; this bean stops in the phase just before the
 * web server's graceful shutdown, so it holds that up for the delay.
 */
@Component
class ShutdownDelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDelay.class);

    private final Duration delay;
    private volatile boolean running;

    ShutdownDelay(SampleProperties properties) {
        this.delay = properties.shutdown().delay();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (!delay.isZero()) {
            log.info("service stopping: not ready, still serving for {} ms", delay.toMillis());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
    }
}
