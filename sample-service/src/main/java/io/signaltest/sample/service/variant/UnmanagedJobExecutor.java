package io.signaltest.sample.service.variant;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * The fault of the {@code async-not-awaited} variant: the {@code @Async} executor is a JDK thread pool made inside an
 * {@link AsyncConfigurer}, as many guides show. It is not a bean, so nothing shuts it down or waits for it: on SIGTERM
 * the context closes around the running jobs, and the JVM ends them when the shutdown hook returns, before they log
 * {@code job <id> finished}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("async-not-awaited")
class UnmanagedJobExecutor implements AsyncConfigurer {

    @Override
    public Executor getAsyncExecutor() {
        return Executors.newFixedThreadPool(4);
    }
}
