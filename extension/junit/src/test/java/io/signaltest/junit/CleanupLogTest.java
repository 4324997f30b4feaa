package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupLogTest {

    private static final int TASKS = 3_000;

    @TempDir
    Path directory;

    @Test
    void aRecordOfAFormatVersionThisHarnessDoesNotReadIsAnErrorThatNamesBothVersions() throws IOException {
        Path file = write("{\"v\":1,\"seq\":0,\"t_ns\":1,\"event\":\"run_started\"}\n"
                + "{\"v\":99,\"seq\":1,\"t_ns\":2,\"event\":\"task_queued\",\"task\":1}\n");
        for (CleanupLog log : List.of(CleanupLog.read(file), CleanupLog.read(file, 0))) {
            assertThat(log.records()).extracting(LogRecord::event).containsExactly("run_started");
            assertThat(log.errors())
                    .containsExactly("line 2 is a record of log format version 99, but this "
                            + "signaltest reads version 1 only (see docs/log-format.md): "
                            + "{\"v\":99,\"seq\":1,\"t_ns\":2,\"event\":\"task_queued\",\"task\":1}");
        }
    }

    @Test
    void aLargeLogIsIndexedAndAnswersAsALogReadIntoMemoryDoes() throws IOException {
        Path file = write(batchLog(TASKS) + "not a record\n{\"v\":1,\"seq\":99999,\"t_ns\":1,\"event\":\"ex");
        CleanupLog inMemory = CleanupLog.read(file);
        CleanupLog indexed = CleanupLog.read(file, 0);

        assertThat(indexed.records()).hasSize(TASKS * 4 + 3).isEqualTo(inMemory.records());
        assertThat(indexed.errors())
                .isEqualTo(inMemory.errors())
                .singleElement()
                .asString()
                .startsWith("line ");
        assertThat(indexed.notes())
                .isEqualTo(inMemory.notes())
                .singleElement()
                .asString()
                .contains("no end of line");
        assertThat(indexed.records("task_started"))
                .isEqualTo(inMemory.records("task_started"))
                .hasSize(TASKS);
        assertThat(indexed.taskIds("cleanup_finished")).isEqualTo(inMemory.taskIds("cleanup_finished"));
        assertThat(indexed.task(1_234)).isEqualTo(inMemory.task(1_234)).hasSize(4);
        assertThat(indexed.task(1_234, "task_started", "task_cancelled"))
                .extracting(LogRecord::event)
                .containsExactly("task_started", "task_cancelled");
        assertThat(indexed.first("run_finished"))
                .isEqualTo(inMemory.first("run_finished"))
                .isPresent();
        assertThat(indexed.last("task_started"))
                .isEqualTo(inMemory.last("task_started"))
                .isPresent();
        LogRecord signal = indexed.firstSignal().orElseThrow();
        assertThat(indexed.after(signal)).isEqualTo(inMemory.after(signal)).hasSize(TASKS * 3 + 1);
    }

    /**
     * Walking a large log keeps a bounded number of its records: the first one read can be collected once thousands of
     * others were read after it. A log that kept every record it parsed would keep it for ever.
     */
    @Test
    void walkingALargeLogKeepsOnlyABoundedNumberOfItsRecords() throws IOException, InterruptedException {
        CleanupLog log = CleanupLog.read(write(batchLog(TASKS)), 0);
        WeakReference<LogRecord> first = new WeakReference<>(log.records().get(0));
        long started = log.records().stream().filter(r -> r.is("task_started")).count();
        assertThat(started).isEqualTo(TASKS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (first.get() != null) {
            assertThat(System.nanoTime())
                    .as("the first record is still reachable after 30 s of garbage "
                            + "collections: the log keeps every record it read")
                    .isLessThan(deadline);
            System.gc();
        }
        assertThat(log.records().get(0).event()).isEqualTo("run_started");
    }

    /** A run of {@code tasks} tasks, each started, signalled, cleaned up and cancelled. */
    static String batchLog(int tasks) {
        StringBuilder s = new StringBuilder();
        int[] seq = {0};
        s.append(line(seq, "run_started", "\"tasks\":" + tasks));
        for (int t = 1; t <= tasks; t++) {
            s.append(line(seq, "task_started", "\"task\":" + t + ",\"slot\":1"));
        }
        s.append(line(seq, "signal_received", "\"signal\":\"INT\",\"count\":1"));
        for (int t = 1; t <= tasks; t++) {
            s.append(line(seq, "cleanup_started", "\"task\":" + t + ",\"slot\":1"));
            s.append(line(seq, "cleanup_finished", "\"task\":" + t + ",\"slot\":1"));
        }
        for (int t = 1; t <= tasks; t++) {
            s.append(line(seq, "task_cancelled", "\"task\":" + t + ",\"slot\":1"));
        }
        s.append(line(seq, "run_finished", "\"exit_code\":130"));
        return s.toString();
    }

    private static String line(int[] seq, String event, String fields) {
        int n = seq[0]++;
        return "{\"v\":1,\"seq\":" + n + ",\"t_ns\":" + (n * 10) + ",\"event\":\"" + event + "\"," + fields + "}\n";
    }

    private Path write(String text) throws IOException {
        return Files.writeString(directory.resolve("cleanup.jsonl"), text, StandardCharsets.UTF_8);
    }
}
