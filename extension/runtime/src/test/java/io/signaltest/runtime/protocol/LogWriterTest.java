package io.signaltest.runtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written writer, proven against a real JSON parser. */
class LogWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "",
                "quote \" and backslash \\",
                "newline\nreturn\rtab\t",
                "bell\u0007 nul\u0000 esc\u001b",
                "backspace\b formfeed\f",
                "caf\u00e9 \u65e5\u672c \ud83d\ude00",
                "line\u2028separator\u2029",
                "lone high \ud800 end",
                "lone low \udc00 end",
                "reversed pair \udc00\ud800",
                "trailing high \ud83d",
                "</script>",
                "{\"json\":\"inside\"}",
                "\u007f delete"
            })
    void everyStringSurvivesTheRoundTrip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter log = LogWriter.to(out);
        log.write("task_event", "name", text, "detail", text);

        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\r").hasLineCount(1);
        JsonNode record = JSON.readTree(line);
        assertThat(record.get("name").asText()).isEqualTo(text);
        assertThatCode(() -> StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out.toByteArray())))
                .as("valid UTF-8")
                .doesNotThrowAnyException();
    }

    @Test
    void everyValueTypeIsWrittenAsJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("INT", "handled");
        nested.put("n", 3);
        LogWriter.to(out)
                .write(
                        "run_started",
                        "int",
                        42,
                        "long",
                        1L << 40,
                        "double",
                        1.5,
                        "nan",
                        Double.NaN,
                        "bool",
                        true,
                        "null",
                        null,
                        "map",
                        nested,
                        "list",
                        Arrays.asList(1, "two", null),
                        "other",
                        Path.of("a/b"));

        JsonNode r = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(r.get("int").asInt()).isEqualTo(42);
        assertThat(r.get("long").asLong()).isEqualTo(1L << 40);
        assertThat(r.get("double").asDouble()).isEqualTo(1.5);
        assertThat(r.get("nan").isNull()).isTrue();
        assertThat(r.get("bool").asBoolean()).isTrue();
        assertThat(r.get("null").isNull()).isTrue();
        assertThat(r.get("map").get("INT").asText()).isEqualTo("handled");
        assertThat(r.get("list").toString()).isEqualTo("[1,\"two\",null]");
        assertThat(r.get("other").asText()).isEqualTo("a" + java.io.File.separator + "b");
    }

    @Test
    void everyRecordHasTheEnvelopeWithGaplessSequenceAndMonotonicTime() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter log = LogWriter.to(out);
        for (int i = 0; i < 100; i++) {
            log.write("task_queued", "task", i);
        }
        List<JsonNode> records = parse(out);
        long previous = -1;
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            assertThat(r.get("v").asInt()).isEqualTo(LogWriter.FORMAT_VERSION);
            assertThat(r.get("seq").asLong()).isEqualTo(i);
            assertThat(r.get("t_ns").asLong()).isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(0);
            assertThat(r.get("event").asText()).isEqualTo("task_queued");
            previous = r.get("t_ns").asLong();
        }
    }

    @Test
    void eachRecordReachesTheStreamInOneWriteAndABatchInOne() {
        List<String> writes = new ArrayList<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("a record must be written whole, not byte by byte");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            }
        };
        LogWriter log = LogWriter.to(out);
        log.write("a");
        log.write("b");
        assertThat(writes)
                .hasSize(2)
                .allSatisfy(w -> assertThat(w).endsWith("}\n").hasLineCount(1));

        log.beginBatch();
        log.write("c");
        log.write("d");
        assertThat(writes).as("nothing leaves a batch before it ends").hasSize(2);
        log.endBatch();
        assertThat(writes).hasSize(3);
        assertThat(writes.get(2)).hasLineCount(2);
    }

    @Test
    void taskRecordsInBulkAreWholeRecordsThatContinueTheSequence() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter log = LogWriter.to(out);
        log.write("run_cancelling");
        log.writeTaskRecords("task_cancelled_before_start", 3, 3, LogWriter.TaskMembers.constant("was", "queued"));
        log.write("run_finished");

        List<JsonNode> records = parse(out);
        assertThat(records).extracting(r -> r.get("seq").asInt()).containsExactly(0, 1, 2, 3, 4);
        assertThat(records.subList(1, 4)).extracting(r -> r.get("task").asInt()).containsExactly(3, 4, 5);
        assertThat(records.subList(1, 4)).allSatisfy(r -> {
            assertThat(r.get("v").asInt()).isEqualTo(LogWriter.FORMAT_VERSION);
            assertThat(r.get("event").asText()).isEqualTo("task_cancelled_before_start");
            assertThat(r.get("was").asText()).isEqualTo("queued");
            assertThat(r.get("t_ns").asLong())
                    .isEqualTo(records.get(1).get("t_ns").asLong());
        });
    }

    @Test
    void taskRecordsInBulkEncodeEachTasksMembersAsUtf8() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter log = LogWriter.to(out);
        String[] names = {"plain", "caf\u00e9 \"quoted\"", "rocket \ud83d\ude80", "line\nbreak"};
        log.writeTaskRecords(
                "task_queued", 1, names.length, (text, id) -> LogWriter.appendMember(text, "name", names[id - 1]));

        List<JsonNode> records = parse(out);
        assertThat(records).extracting(r -> r.get("name").asText()).containsExactly(names);
        assertThat(records).extracting(r -> r.get("task").asInt()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aWriteErrorIsKeptNotThrownAtTheTaskThatLogs() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        LogWriter log = LogWriter.to(broken);
        log.write("a");
        log.write("b");
        assertThat(log.failure()).hasMessage("disk full");
    }

    @Test
    void fieldsMustComeInPairs() {
        assertThatThrownBy(() -> LogWriter.to(new ByteArrayOutputStream()).write("a", "lonely"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alternate names and values");
    }

    @Test
    void openingAFileCreatesItsDirectoriesAndIsSharedWithinAProcess(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("deep/er/cleanup.jsonl");
        LogWriter first = LogWriter.open(path);
        first.write("run_started");
        LogWriter second = LogWriter.open(dir.resolve("deep/er/../er/cleanup.jsonl"));
        second.write("run_started");

        assertThat(second).isSameAs(first);
        assertThat(Files.readAllLines(path)).hasSize(2);
        assertThat(JSON.readTree(Files.readAllLines(path).get(1)).get("seq").asInt())
                .isEqualTo(1);
    }

    @Test
    void anUnwritableLogPathFailsWithAMessageSayingWhatToDo(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("a-file"));
        assertThatThrownBy(() -> LogWriter.open(file.resolve("cleanup.jsonl")))
                .hasMessageContaining("cannot open the cleanup log at")
                .hasMessageContaining("choose a writable path");
    }

    private static List<JsonNode> parse(ByteArrayOutputStream out) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            records.add(JSON.readTree(line));
        }
        return records;
    }
}
