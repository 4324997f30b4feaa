package io.signaltest.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** An in-memory cleanup log for in-process tests: parses every line with Jackson and lets a test wait for a record. */
final class LogSink extends OutputStream {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringBuilder pending = new StringBuilder();
    private final List<JsonNode> records = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.append(new String(b, off, len, StandardCharsets.UTF_8));
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            try {
                records.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        notifyAll();
    }

    synchronized List<JsonNode> records() {
        return new ArrayList<>(records);
    }

    synchronized List<JsonNode> records(String event) {
        return records.stream()
                .filter(r -> r.get("event").asText().equals(event))
                .collect(Collectors.toList());
    }

    synchronized List<Integer> tasks(String event) {
        return records(event).stream().map(r -> r.get("task").asInt()).collect(Collectors.toList());
    }

    synchronized List<String> events() {
        return records.stream().map(r -> r.get("event").asText()).collect(Collectors.toList());
    }

    /** Waits until a record matches; fails only when {@link #DEADLINE} passes. */
    synchronized JsonNode await(Predicate<JsonNode> match, String description) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            for (JsonNode r : records) {
                if (match.test(r)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + description + " within " + DEADLINE + "; log so far:\n"
                        + records.stream().map(JsonNode::toString).collect(Collectors.joining("\n")));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    JsonNode awaitEvent(String event) throws InterruptedException {
        return await(r -> r.get("event").asText().equals(event), event + " record");
    }
}
