package io.signaltest.junit.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.LogRecord;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path directory;

    @Test
    void aMissingFileIsAnEmptyLogForNow() {
        try (LogTail tail = new LogTail(directory.resolve("cleanup.jsonl"))) {
            assertThat(poll(tail)).isEmpty();
        }
    }

    @Test
    void readsEachLineOnceItIsComplete() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        try (LogTail tail = new LogTail(log)) {
            append(log, "{\"v\":1,\"seq\":0,\"t_ns\":5,\"event\":\"run_started\"}\n{\"v\":1,\"seq\":1,\"t_ns\":9,\"ev");
            assertThat(poll(tail)).extracting(LogRecord::event).containsExactly("run_started");
            assertThat(poll(tail)).isEmpty();

            append(log, "ent\":\"moment\",\"moment\":\"QUEUE_WAITING\"}\n");
            LogRecord moment = poll(tail).get(0);
            assertThat(moment.text("moment")).contains("QUEUE_WAITING");
            assertThat(moment.line()).isEqualTo(2);
            assertThat(tail.recordCount()).isEqualTo(2);
            assertThat(tail.firstError()).isEmpty();
        }
    }

    @Test
    void stopsWhereTheReaderSaysAndGoesOnFromThereNextTime() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        try (LogTail tail = new LogTail(log)) {
            append(log, record(0, "a") + record(1, "moment") + record(2, "b"));
            List<String> seen = new ArrayList<>();
            tail.poll(r -> seen.add(r.event()) && !r.is("moment"));
            assertThat(seen).containsExactly("a", "moment");
            assertThat(poll(tail)).extracting(LogRecord::event).containsExactly("b");
        }
    }

    @Test
    void reportsAMalformedLineWithItsNumber() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        try (LogTail tail = new LogTail(log)) {
            append(log, "{\"v\":1,\"seq\":0,\"t_ns\":5,\"event\":\"run_started\"}\nnot json\n");
            poll(tail);
            assertThat(tail.firstError())
                    .get()
                    .extracting(Throwable::getMessage)
                    .asString()
                    .startsWith("line 2 is not a valid log record")
                    .endsWith("not json");
            assertThat(tail.firstError().get().unreadableVersion()).isFalse();
        }
    }

    @Test
    void refusesARecordOfAFormatVersionItDoesNotRead() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        try (LogTail tail = new LogTail(log)) {
            append(log, "{\"v\":99,\"seq\":0,\"t_ns\":5,\"event\":\"run_started\"}\n");
            assertThat(poll(tail)).isEmpty();
            assertThat(tail.firstError()).get().satisfies(bad -> {
                assertThat(bad.unreadableVersion()).isTrue();
                assertThat(bad.getMessage())
                        .isEqualTo("line 1 is a record of log format version 99, but this "
                                + "signaltest reads version 1 only (see docs/log-format.md): "
                                + "{\"v\":99,\"seq\":0,\"t_ns\":5,\"event\":\"run_started\"}");
            });
        }
    }

    @Test
    void startsOverWhenTheFileIsRecreated() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        try (LogTail tail = new LogTail(log)) {
            append(log, "{\"v\":1,\"seq\":0,\"t_ns\":5,\"event\":\"an_earlier_run_with_a_long_name\"}\n");
            poll(tail);
            Files.writeString(log, "{\"v\":1,\"seq\":0,\"t_ns\":1,\"event\":\"a\"}\n", StandardCharsets.UTF_8);
            assertThat(poll(tail)).extracting(LogRecord::event).containsExactly("a");
        }
    }

    /**
     * Past its in-memory size, a tail keeps no record it handed out, only their index: a harness that follows a log of
     * millions of records while the child runs must not hold them.
     */
    @Test
    void keepsNoRecordItHandedOutOnceTheLogIsLarge() throws IOException, InterruptedException {
        Path log = directory.resolve("cleanup.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            text.append(record(i, "task_queued"));
        }
        append(log, text.toString());
        try (LogTail tail = new LogTail(log, 1024, 100)) {
            List<WeakReference<LogRecord>> handedOut = new ArrayList<>();
            assertThat(tail.poll(r -> handedOut.add(new WeakReference<>(r)))).isEqualTo(10_000);
            assertThat(tail.recordCount()).isEqualTo(10_000);
            awaitCollected(handedOut.get(0));
            awaitCollected(handedOut.get(9_999));
        }
    }

    /** The whole log comes from the one reading: a small one's records as they were handed out, without the file. */
    @Test
    void givesTheWholeLogWithoutReadingTheFileAgain() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        append(log, record(0, "run_started") + record(1, "task_queued"));
        LogTail tail = new LogTail(log);
        List<LogRecord> seen = poll(tail);
        append(log, record(2, "task_started") + "{\"v\":1,\"seq\":3,\"t_ns\":3,\"event\":\"exi");

        LogIndex.Reading reading = tail.complete();
        Files.delete(log);

        assertThat(reading.records().size()).isEqualTo(3);
        assertThat(reading.records().get(0)).isSameAs(seen.get(0));
        assertThat(reading.records().event(2)).isEqualTo("task_started");
        assertThat(reading.notes()).singleElement().asString().startsWith("line 4 has no end of line");
    }

    /** A large log's records are indexed as they pass, and read from the file when asked for. */
    @Test
    void indexesALargeLogAsItReadsIt() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            text.append(record(i, i % 2 == 0 ? "task_queued" : "task_started"));
        }
        append(log, text.toString() + "not a record\n");
        LogTail tail = new LogTail(log, 1024, 100);
        poll(tail);

        LogIndex.Reading reading = tail.complete();

        assertThat(reading.records()).isInstanceOf(LogIndex.class);
        assertThat(reading.records().size()).isEqualTo(1_000);
        assertThat(reading.records().get(999).seq()).isEqualTo(999);
        assertThat(reading.records().event(998)).isEqualTo("task_queued");
        assertThat(reading.errors()).singleElement().asString().startsWith("line 1001 is not a valid log record");
    }

    /** Asks for garbage collections until {@code reference} is cleared; fails only after a long deadline. */
    static void awaitCollected(WeakReference<?> reference) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reference.get() != null) {
            assertThat(System.nanoTime())
                    .as("the record is still reachable after 30 s of garbage collections: " + "something keeps it")
                    .isLessThan(deadline);
            System.gc();
            Thread.onSpinWait();
        }
    }

    private static List<LogRecord> poll(LogTail tail) {
        List<LogRecord> fresh = new ArrayList<>();
        tail.poll(fresh::add);
        return fresh;
    }

    private static String record(int seq, String event) {
        return "{\"v\":1,\"seq\":" + seq + ",\"t_ns\":" + seq + ",\"event\":\"" + event + "\",\"task\":" + seq + "}\n";
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
