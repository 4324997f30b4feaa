package io.signaltest.sample.service.variant;

import jakarta.annotation.PreDestroy;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The fault of the {@code exit-in-hook} variant: a bean that calls {@code System.exit(0)} while the context closes, so
 * that a stop is not reported as exit code 143. The context closes in Spring Boot's shutdown hook, and
 * {@code System.exit} inside a shutdown hook waits for the shutdown that is already under way, which waits for this
 * hook: the process hangs until SIGKILL.
 */
@Component
@Profile("exit-in-hook")
class ExitCodeZero {

    @PreDestroy
    void exitWithZero() {
        System.exit(0);
    }
}
