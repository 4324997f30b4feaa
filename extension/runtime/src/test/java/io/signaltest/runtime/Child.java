package io.signaltest.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signaltest.runtime.protocol.HarnessEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A child JVM for the runtime's real-signal tests, started with plain ProcessBuilder and default signal dispositions,
 * with a cleanup log the test can wait on. (The junit module's @SignalTest does all of this for users; the runtime
 * cannot depend on it.)
 */
final class Child implements AutoCloseable {

    static final long DEADLINE_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final Path log;
    final Path stderr;

    private Child(Process process, Path log, Path stderr) {
        this.process = process;
        this.log = log;
        this.stderr = stderr;
    }

    /**
     * Starts {@code mainClass} on this JVM's classpath, optionally behind a launcher prefix (such as a shell that
     * ignores SIGINT).
     */
    static Child start(Path dir, List<String> prefix, String holds, boolean control, Class<?> mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(defaultDispositions());
        command.addAll(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path log = dir.resolve("cleanup.jsonl");
        Path stderr = dir.resolve("stderr.txt");
        builder.environment().put(HarnessEnvironment.LOG, log.toString());
        if (holds != null) {
            builder.environment().put(HarnessEnvironment.HOLD, holds);
        }
        if (control) {
            builder.environment().put(HarnessEnvironment.CONTROL, HarnessEnvironment.CONTROL_STDIN);
        }
        builder.redirectOutput(dir.resolve("stdout.txt").toFile());
        builder.redirectError(stderr.toFile());
        return new Child(builder.start(), log, stderr);
    }

    /**
     * {@code env --default-signal} undoes a SIGINT ignored by whoever started this JVM (a CI shell's background job).
     */
    private static List<String> defaultDispositions() {
        return new File("/usr/bin/env").canExecute() && envSupportsDefaultSignal()
                ? List.of("/usr/bin/env", "--default-signal=INT,TERM,HUP")
                : List.of();
    }

    private static boolean envSupportsDefaultSignal() {
        try {
            Process p = new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void kill(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed");
        }
    }

    /** Complete lines of the log so far, parsed. */
    List<JsonNode> records() {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            List<JsonNode> records = new ArrayList<>();
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return records;
            }
            for (String line : text.substring(0, end).split("\n")) {
                records.add(JSON.readTree(line));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> events() {
        return records().stream().map(r -> r.get("event").asText()).collect(Collectors.toList());
    }

    List<JsonNode> records(String event) {
        return records().stream()
                .filter(r -> r.get("event").asText().equals(event))
                .collect(Collectors.toList());
    }

    /** Waits for a record; only the long deadline (or the child's exit) ends the wait unsuccessfully. */
    JsonNode await(Predicate<JsonNode> match, String description) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
            for (JsonNode r : records()) {
                if (match.test(r)) {
                    return r;
                }
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no " + description
                        + (process.isAlive()
                                ? " within " + DEADLINE_SECONDS + " s"
                                : "; the child exited with " + process.exitValue())
                        + "; log:\n" + records() + "\nstderr:\n" + stderr());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    JsonNode awaitEvent(String event) {
        return await(r -> r.get("event").asText().equals(event), event + " record");
    }

    JsonNode awaitMoment(String moment) {
        return await(
                r -> r.get("event").asText().equals("moment")
                        && r.get("moment").asText().equals(moment),
                moment + " moment");
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not exit within " + DEADLINE_SECONDS + " s; log:\n" + records());
        }
        return process.exitValue();
    }

    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
