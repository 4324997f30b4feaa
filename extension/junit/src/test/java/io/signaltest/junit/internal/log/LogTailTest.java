package io.signaltest.junit.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path directory;

    @Test
    void aMissingFileIsAnEmptyLogForNow() {
        try (LogTail tail = new LogTail(directory.resolve("cleanup.jsonl"))) {
            assertThat(tail.poll()).isEmpty();
        }
    }

    @Test
    void readsEachLineOnceItIsComplete() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        try (LogTail tail = new LogTail(log)) {
            append(log, "{\"v\":1,\"seq\":0,\"t_ns\":5,\"event\":\"run_started\"}\n{\"v\":1,\"seq\":1,\"t_ns\":9,\"ev");
            assertThat(tail.poll()).extracting(LogRecord::event).containsExactly("run_started");
            assertThat(tail.poll()).isEmpty();

            append(log, "ent\":\"moment\",\"moment\":\"QUEUE_WAITING\"}\n");
            LogRecord moment = tail.poll().get(0);
            assertThat(moment.text("moment")).contains("QUEUE_WAITING");
            assertThat(moment.line()).isEqualTo(2);
            assertThat(tail.records()).hasSize(2);
            assertThat(tail.errors()).isEmpty();
        }
    }

    @Test
    void reportsAMalformedLineWithItsNumber() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        try (LogTail tail = new LogTail(log)) {
            append(log, "{\"v\":1,\"seq\":0,\"t_ns\":5,\"event\":\"run_started\"}\nnot json\n");
            tail.poll();
            assertThat(tail.errors()).singleElement().asString()
                    .startsWith("line 2 is not a valid log record").endsWith("not json");
        }
    }

    @Test
    void startsOverWhenTheFileIsRecreated() throws IOException {
        Path log = directory.resolve("cleanup.jsonl");
        try (LogTail tail = new LogTail(log)) {
            append(log, "{\"v\":1,\"seq\":0,\"t_ns\":5,\"event\":\"an_earlier_run_with_a_long_name\"}\n");
            tail.poll();
            Files.writeString(log, "{\"v\":1,\"seq\":0,\"t_ns\":1,\"event\":\"a\"}\n", StandardCharsets.UTF_8);
            assertThat(tail.poll()).extracting(LogRecord::event).containsExactly("a");
            assertThat(tail.records()).extracting(LogRecord::event).containsExactly("a");
        }
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
