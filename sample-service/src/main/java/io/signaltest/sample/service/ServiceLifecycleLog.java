package io.signaltest.sample.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The service's first and last lines: ready, stopping, and stopped once everything has closed. */
@Component
class ServiceLifecycleLog {

    private static final Logger log = LoggerFactory.getLogger(ServiceLifecycleLog.class);

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : -1;
        // Shutdown handlers run after the application context has closed, the last added first: this
        // one is added after Spring Boot's own, which stops the logging system, so it still logs.
        SpringApplication.getShutdownHandlers().add(() -> log.info("service stopped"));
        log.info("service ready on port {}", port);
    }

    @EventListener
    void stopping(ContextClosedEvent event) {
        log.info("service stopping");
    }
}
