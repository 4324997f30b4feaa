package io.signaltest.sample.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small Spring Boot web service that shuts down gracefully on SIGTERM; see the package documentation for what it
 * serves, what it prints, and its broken variants.
 *
 * <pre>
 * java -jar target/signaltest-sample-service-&lt;version&gt;.jar --server.port=8080 [--spring.profiles.active=jetty]
 * </pre>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableAsync
@EnableScheduling
public class SampleServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleServiceApplication.class, args);
    }
}
