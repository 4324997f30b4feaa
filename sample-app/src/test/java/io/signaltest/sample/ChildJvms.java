package io.signaltest.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the sample app's plain-ProcessBuilder tests share when they start a child JVM by hand (the {@code @SignalTest}
 * suites need none of this): default signal dispositions, a real {@code kill}, and reading the cleanup log strictly and
 * by event.
 */
public final class ChildJvms {

    /** The longest any step may take: a deadline that only ever fails a test. */
    public static final Duration DEADLINE = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean ENV_DEFAULT_SIGNAL = envSupportsDefaultSignal();

    private ChildJvms() {}

    /**
     * The prefix that starts a child with SIGINT, SIGTERM and SIGHUP at their defaults: a test JVM started in the
     * background may have inherited SIGINT as ignored, and its children would too.
     */
    public static List<String> defaultDispositions() {
        return ENV_DEFAULT_SIGNAL ? List.of("/usr/bin/env", "--default-signal=INT,TERM,HUP") : List.of();
    }

    /** Sends a real signal with {@code kill -s <signal> <pid>}. */
    public static void kill(Process child, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(child.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("kill finished")
                .isTrue();
        assertThat(kill.exitValue())
                .as("exit code of kill -s %s %d", signal, child.pid())
                .isZero();
    }

    /**
     * The log's complete lines, each parsed and checked (version 1, gapless sequence); an incomplete last line is being
     * written (or was torn) and is skipped.
     */
    public static List<JsonNode> records(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        List<JsonNode> records = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            String line = text.substring(start, end);
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                return fail(
                        "line %d of the cleanup log is not valid JSON (%s):%n%s",
                        records.size() + 1, e.getOriginalMessage(), line);
            }
            assertThat(record.path("v").asInt()).as("v of log line %s", line).isEqualTo(1);
            assertThat(record.path("seq").asLong(-1))
                    .as("seq of log line %s", line)
                    .isEqualTo(records.size());
            records.add(record);
        }
        return records;
    }

    /** Whether {@code record} is an {@code event} record. */
    public static boolean event(JsonNode record, String name) {
        return record.path("event").asText().equals(name);
    }

    /** The records of one event, in log order. */
    public static List<JsonNode> all(List<JsonNode> records, String event) {
        return records.stream().filter(r -> event(r, event)).collect(Collectors.toList());
    }

    /** The one record of {@code event}; fails unless there is exactly one. */
    public static JsonNode one(List<JsonNode> records, String event) {
        List<JsonNode> found = all(records, event);
        assertThat(found).as("%s records", event).hasSize(1);
        return found.get(0);
    }

    /** The task ids of the records of {@code event}, in log order. */
    public static List<Integer> tasks(List<JsonNode> records, String event) {
        return all(records, event).stream().map(r -> r.get("task").asInt()).collect(Collectors.toList());
    }

    private static boolean envSupportsDefaultSignal() {
        try {
            Process probe = new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return probe.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
