package io.signaltest.agent.plain;

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

/**
 * What the tests that start a child JVM by hand ({@link AgentChild}) need: default signal dispositions, a real
 * {@code kill}, and the cleanup log read strictly and by event.
 */
final class ChildJvms {

    /** The longest any step may take: a deadline that only ever fails a test. */
    static final Duration DEADLINE = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean ENV_DEFAULT_SIGNAL = envSupportsDefaultSignal();

    private ChildJvms() {}

    /**
     * The prefix that starts a child with SIGINT, SIGTERM and SIGHUP at their defaults: a test JVM started in the
     * background may have inherited SIGINT as ignored, and its children would too.
     */
    static List<String> defaultDispositions() {
        return ENV_DEFAULT_SIGNAL ? List.of("/usr/bin/env", "--default-signal=INT,TERM,HUP") : List.of();
    }

    /** Sends a real signal with {@code kill -s <signal> <pid>}. */
    static void kill(Process child, String signal) throws IOException, InterruptedException {
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

    /** The log's complete lines, each parsed and checked (version 1, gapless sequence). */
    static List<JsonNode> records(Path log) throws IOException {
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

    static boolean event(JsonNode record, String name) {
        return record.path("event").asText().equals(name);
    }

    static List<JsonNode> all(List<JsonNode> records, String event) {
        return records.stream().filter(r -> event(r, event)).toList();
    }

    static JsonNode one(List<JsonNode> records, String event) {
        List<JsonNode> found = all(records, event);
        assertThat(found).as("%s records", event).hasSize(1);
        return found.get(0);
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
