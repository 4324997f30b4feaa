package io.signaltest.junit.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path base;

    @Test
    void namesTheDirectoryAfterClassMethodAndInvocation() {
        RunDirectory files = RunDirectory.prepare(base, "com.example.AppIT$Nested", "ctrlC", "QUEUE_WAITING, SIGINT x3");
        assertThat(files.path()).isEqualTo(base.resolve("com.example.AppIT.Nested/ctrlC/QUEUE_WAITING-SIGINT-x3"))
                .isDirectory();
        assertThat(files.file(RunDirectory.LOG)).hasFileName("cleanup.jsonl");
    }

    @Test
    void sanitizesNamesForEveryFileSystem() {
        assertThat(RunDirectory.sanitize("output /^ready: (\\d+)$/, SIGTERM")).isEqualTo("output-ready-d-SIGTERM");
        assertThat(RunDirectory.sanitize("../..")).isEqualTo("run");
        assertThat(RunDirectory.sanitize("x".repeat(200))).hasSize(80);
    }

    @Test
    void emptiesTheFilesOfAnEarlierRun() throws IOException {
        RunDirectory first = RunDirectory.prepare(base, "A", "m", "BEFORE_START, SIGINT");
        first.write(RunDirectory.THREAD_DUMP, "an old dump");
        Files.createDirectories(first.path().resolve("nested"));
        RunDirectory again = RunDirectory.prepare(base, "A", "m", "BEFORE_START, SIGINT");
        assertThat(again.path()).isEqualTo(first.path()).isEmptyDirectory();
    }
}
