package io.signaltest.agent.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A plain program started by hand as a child JVM with the signaltest agent, as the harness starts it
 * ({@code SIGNALTEST_LOG}, {@code SIGNALTEST_HOLD}), for the tests that need to drive it step by step: wait for a
 * record, send a real signal, read the log.
 */
final class AgentChild implements AutoCloseable {

    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Path dir;
    private final Process process;

    private AgentChild(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** The agent's jar, found as the harness finds it: on the test classpath, where signaltest-junit brings it. */
    static Path agentJar() {
        URL entry = AgentChild.class.getClassLoader().getResource("io/signaltest/agent/SignalTestAgent.class");
        assertThat(entry).as("the agent on the test classpath").isNotNull();
        String url = entry.toString();
        assertThat(url).as("the agent as a jar (run after the package phase)").startsWith("jar:file:");
        try {
            return Path.of(new URL(url.substring("jar:".length(), url.indexOf("!/"))).toURI());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code main} with {@code args}, the agent when {@code agent}, and the harness's environment when
     * {@code holds} is not null (an empty string: a log, and no moment held).
     */
    static AgentChild start(Path dir, boolean agent, String holds, Class<?> main, String... args) throws IOException {
        return start(dir, agent ? agentJar() : null, holds, main, args);
    }

    /** As above, with the agent's jar at {@code agentJar} (null: no agent). */
    static AgentChild start(Path dir, Path agentJar, String holds, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(ChildJvms.defaultDispositions());
        command.add(JAVA);
        if (agentJar != null) {
            command.add("-javaagent:" + agentJar);
        }
        command.addAll(List.of("-cp", programClasspath(), main.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SIGNALTEST_"));
        if (holds != null) {
            builder.environment()
                    .putAll(Map.of(
                            "SIGNALTEST_LOG", dir.resolve("cleanup.jsonl").toString(), "SIGNALTEST_HOLD", holds));
        }
        return new AgentChild(dir, builder.start());
    }

    /**
     * This JVM's classpath without the agent's jar, as a program's own classpath is: a copy of the agent there would be
     * where the JVM loads the agent's classes from, whatever -javaagent names.
     */
    private static String programClasspath() {
        String agent = agentJar().toString();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().toString().equals(agent))
                .collect(Collectors.joining(File.pathSeparator));
    }

    List<JsonNode> records() throws IOException {
        return ChildJvms.records(dir.resolve("cleanup.jsonl"));
    }

    /**
     * Polls the log until the {@code nth} record (from 1) that matches; fails if the child exits first or the deadline
     * passes.
     */
    JsonNode awaitRecord(Predicate<JsonNode> wanted, int nth) throws IOException {
        long deadline = System.nanoTime() + ChildJvms.DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> matching = records().stream().filter(wanted).toList();
            if (matching.size() >= nth) {
                return matching.get(nth - 1);
            }
            if (!process.isAlive()) {
                List<JsonNode> last = records().stream().filter(wanted).toList();
                if (last.size() >= nth) {
                    return last.get(nth - 1);
                }
                return fail(
                        "the child exited (code %d) before the awaited log record%s", process.exitValue(), report());
            }
            LockSupport.parkNanos(POLL_NANOS); // the next look at the file, not a pause: the deadline bounds the wait
        }
        return fail("no awaited log record within %s%s", ChildJvms.DEADLINE, report());
    }

    /** Polls stdout until a line equal to {@code line}; fails if the child exits first or the deadline passes. */
    void awaitOutput(String line) {
        long deadline = System.nanoTime() + ChildJvms.DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (stdout().lines().anyMatch(line::equals)) {
                return;
            }
            if (!process.isAlive()) {
                fail("the child exited (code %d) before printing %s%s", process.exitValue(), line, report());
            }
            LockSupport.parkNanos(POLL_NANOS); // the next look at the file, not a pause: the deadline bounds the wait
        }
        fail("no line %s within %s%s", line, ChildJvms.DEADLINE, report());
    }

    void kill(String signal) throws IOException, InterruptedException {
        ChildJvms.kill(process, signal);
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(ChildJvms.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the child did not exit within %s%s", ChildJvms.DEADLINE, report());
        }
        return process.exitValue();
    }

    String stdout() {
        return read(dir.resolve("stdout.txt"));
    }

    String report() {
        return "\nstdout:\n" + stdout() + "\nstderr:\n" + read(dir.resolve("stderr.txt")) + "\nlog:\n"
                + read(dir.resolve("cleanup.jsonl"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(none)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
