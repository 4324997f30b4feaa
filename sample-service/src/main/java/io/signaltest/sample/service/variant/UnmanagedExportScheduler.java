package io.signaltest.sample.service.variant;

import java.util.concurrent.Executors;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The fault of the {@code scheduled-cut} variant: the {@code @Scheduled} methods run on a JDK scheduled pool handed to
 * the registrar, as many guides show, to get more than one thread. It is not a bean, so nothing waits for it: on
 * SIGTERM Spring only cancels the next runs, and the JVM ends a running export mid-write when the shutdown hook
 * returns, leaving {@code export.csv.tmp}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("scheduled-cut")
class UnmanagedExportScheduler implements SchedulingConfigurer {

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.setScheduler(Executors.newScheduledThreadPool(2));
    }
}
