package io.signaltest.sample.service;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's own settings, under {@code sample.*} (defaults in {@code application.properties}).
 *
 * @param workDir where the export is written; each running service needs its own
 * @param export how often the export runs and how long it takes
 * @param shutdown how the service stops
 */
@ConfigurationProperties("sample")
public record SampleProperties(Path workDir, Export export, Shutdown shutdown) {

    /**
     * @param interval the pause between the end of one export and the start of the next (the {@code @Scheduled} trigger
     *     reads it as {@code ${sample.export.interval}})
     * @param steps how many pages of rows one export writes
     * @param stepTime how long fetching one page takes
     */
    public record Export(Duration interval, int steps, Duration stepTime) {}

    /**
     * @param delay how long the service goes on serving once readiness has turned 503, before it drains: the time load
     *     balancers take to stop sending it requests
     */
    public record Shutdown(Duration delay) {}
}
