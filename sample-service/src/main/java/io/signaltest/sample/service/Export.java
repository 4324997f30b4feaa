package io.signaltest.sample.service;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The periodic export: {@code export.csv} in the work directory, rewritten page by page into {@code export.csv.tmp} and
 * then renamed over the old one, so a reader never sees half an export.
 */
@Component
class Export {

    static final String FILE = "export.csv";
    static final String TEMP_FILE = FILE + ".tmp";

    private static final Logger log = LoggerFactory.getLogger(Export.class);

    private final Path workDir;
    private final SampleProperties.Export settings;
    private final AtomicLong runs = new AtomicLong();

    Export(SampleProperties properties) throws IOException {
        this.workDir = Files.createDirectories(properties.workDir());
        this.settings = properties.export();
    }

    @Scheduled(fixedDelayString = "${sample.export.interval}")
    void export() throws IOException, InterruptedException {
        long run = runs.incrementAndGet();
        log.info("export {} started", run);
        Path temp = workDir.resolve(TEMP_FILE);
        try {
            try (BufferedWriter out = Files.newBufferedWriter(temp)) {
                out.write("export,page\n");
                for (int page = 1; page <= settings.steps(); page++) {
                    Thread.sleep(settings.stepTime().toMillis()); // fetching a page of rows from a slow source
                    out.write(run + "," + page + "\n");
                    out.flush();
                }
            }
            Files.move(
                    temp, workDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        log.info("export {} written", run);
    }
}
