package io.signaltest.sample.pitfalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryStandardOptionAndCreatesTheWorkDirectory() {
        Path work = dir.resolve("a/work");

        Workload workload = Workload.parse(
                "--tasks",
                "6",
                "--max-concurrent",
                "3",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "200",
                "--work-dir",
                work.toString());

        assertThat(workload).isEqualTo(new Workload(6, 3, 600_000, 200, work));
        assertThat(work).isDirectory();
        assertThat(workload.tempFile(2)).isEqualTo(work.resolve("input-2.part"));
    }

    @Test
    void argsGiveBackTheSameWorkload() {
        Workload workload = new Workload(4, 2, 10, 20, dir);

        assertThat(Workload.parse(workload.args().toArray(new String[0]))).isEqualTo(workload);
    }

    @Test
    void optionsNotGivenKeepTheirDefaults() throws Exception {
        Workload workload = Workload.parse("--tasks", "1");

        assertThat(workload.tasks()).isEqualTo(1);
        assertThat(workload.maxConcurrent()).isEqualTo(2);
        assertThat(workload.cleanupMillis()).isEqualTo(200);
        assertThat(workload.workDir()).isDirectory();
        Files.delete(workload.workDir());
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> Workload.parse("--taks", "3"))
                .hasMessageStartingWith("unknown option '--taks'; options: --tasks N");
        assertThatThrownBy(() -> Workload.parse("--tasks")).hasMessageStartingWith("--tasks needs a value");
        assertThatThrownBy(() -> Workload.parse("--max-concurrent", "0", "--work-dir", dir.toString()))
                .hasMessage("--max-concurrent 0 is not a whole number from 1 up");
        assertThatThrownBy(() -> Workload.parse("--task-millis", "soon", "--work-dir", dir.toString()))
                .hasMessage("--task-millis soon is not a whole number from 0 up");
    }

    @Test
    void theTempFileIsCreatedEvenWithAnInterruptPending() throws Exception {
        Workload workload = new Workload(1, 1, 0, 0, dir);
        Thread.currentThread().interrupt();
        try {
            assertThat(workload.createTempFile(1)).hasContent("partial output of input-1");
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is still pending")
                    .isTrue();
        }
    }
}
