package io.signaltest.junit.bench;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.internal.process.Platform;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The floor of the {@link HarnessBench}: the same child JVM taken to the same moment by hand, with nothing of the
 * extension in the way. Start {@code <java.home>/bin/java -cp <classpath> HarnessBenchChild} with
 * {@code SIGNALTEST_LOG} and {@code SIGNALTEST_HOLD=QUEUE_WAITING}, read the log until the {@code moment} record, run
 * {@code kill -s INT <pid>}, wait for the exit. The child's output goes straight to files, and its log is read as raw
 * bytes, so that the floor pays for no parsing and no output pumps.
 */
final class BareRun {

    /** What one bare run measured; instants are {@link System#nanoTime()} values. */
    record Sample(long started, long momentSeen, long sent, long exited, long childMoment, long childReceipt) {

        /** The whole run, from just before starting the child to seeing it exit. */
        double totalMs() {
            return (exited - started) / 1e6;
        }

        /** From just before starting the child to its {@code moment} record (the child's clock). */
        double startToMomentMs() {
            return (childMoment - started) / 1e6;
        }

        /** From just before starting {@code kill} to the child's {@code signal_received} record. */
        double deliveryMs() {
            return (childReceipt - sent) / 1e6;
        }

        /** From just before starting {@code kill} to seeing the child exit. */
        double signalToExitMs() {
            return (exited - sent) / 1e6;
        }

        /** Seeing the moment and starting {@code kill}: the total less the two parts above. */
        double restMs() {
            return totalMs() - startToMomentMs() - signalToExitMs();
        }
    }

    private static final long POLL_MILLIS = 1;

    private final List<String> command;
    private final Path directory;
    private final long momentDeadlineNanos;
    private final long exitDeadlineNanos;

    /**
     * @param launchPrefix {@code env --default-signal=...} when this JVM has SIGINT ignored (the child would inherit
     *     that), else empty
     */
    BareRun(
            List<String> launchPrefix,
            List<String> childJvmArgs,
            Path directory,
            long momentDeadlineNanos,
            long exitDeadlineNanos) {
        List<String> c = new ArrayList<>(launchPrefix);
        c.add(Platform.javaExecutable().toString());
        c.addAll(childJvmArgs);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(HarnessBenchChild.class.getName());
        this.command = List.copyOf(c);
        this.directory = directory;
        this.momentDeadlineNanos = momentDeadlineNanos;
        this.exitDeadlineNanos = exitDeadlineNanos;
    }

    List<String> command() {
        return command;
    }

    Sample runOnce() throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path log = directory.resolve("cleanup.jsonl");
        Path stdout = directory.resolve("stdout.txt");
        Path stderr = directory.resolve("stderr.txt");
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("SIGNALTEST_"));
        environment.put("SIGNALTEST_LOG", log.toString());
        environment.put("SIGNALTEST_HOLD", "QUEUE_WAITING");

        long started = System.nanoTime();
        Process child = builder.start();
        try {
            long momentSeen = awaitMoment(child, log, started);
            long sent = System.nanoTime();
            sendSigint(child);
            if (!child.waitFor(exitDeadlineNanos, TimeUnit.NANOSECONDS)) {
                throw failure(
                        child,
                        stderr,
                        "it did not exit within " + TimeUnit.NANOSECONDS.toSeconds(exitDeadlineNanos)
                                + " s after SIGINT; the bench killed it");
            }
            long exited = System.nanoTime();

            if (child.exitValue() != HarnessBenchChild.SIGINT_EXIT_CODE) {
                throw failure(
                        child,
                        stderr,
                        "it exited with code " + child.exitValue() + " after SIGINT, expected "
                                + HarnessBenchChild.SIGINT_EXIT_CODE);
            }
            CleanupLog records = CleanupLog.read(log);
            long origin = require(records, "run_started", child, stderr)
                    .number("clock_origin_ns")
                    .orElseThrow(() -> failure(child, stderr, "its run_started record has no clock_origin_ns"));
            LogRecord moment = require(records, "moment", child, stderr);
            HarnessBench.checkMoment(moment, message -> failure(child, stderr, message));
            LogRecord receipt = require(records, "signal_received", child, stderr);
            if (!receipt.text("signal").map("INT"::equals).orElse(false)) {
                throw failure(child, stderr, "its first signal_received record is not SIGINT: " + receipt);
            }
            return new Sample(started, momentSeen, sent, exited, origin + moment.tNanos(), origin + receipt.tNanos());
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the log as the child writes it until a line is the {@code moment} record; returns when it saw it. */
    private long awaitMoment(Process child, Path log, long started) throws IOException, InterruptedException {
        long deadline = started + momentDeadlineNanos;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        StringBuilder pending = new StringBuilder();
        FileChannel channel = null;
        try {
            while (true) {
                if (channel == null) {
                    try {
                        channel = FileChannel.open(log, StandardOpenOption.READ);
                    } catch (NoSuchFileException notYet) {
                        // the child has not opened its log yet
                    }
                }
                if (channel != null) {
                    buffer.clear();
                    while (channel.read(buffer) > 0) {
                        buffer.flip();
                        pending.append(StandardCharsets.UTF_8.decode(buffer));
                        buffer.clear();
                    }
                    int newline;
                    while ((newline = pending.indexOf("\n")) >= 0) {
                        String line = pending.substring(0, newline);
                        pending.delete(0, newline + 1);
                        if (line.contains("\"event\":\"moment\"")) {
                            return System.nanoTime();
                        }
                        if (line.contains("\"event\":\"moment_missed\"")
                                || line.contains("\"event\":\"signal_ignored\"")) {
                            throw failure(child, null, "the run cannot be measured: " + line);
                        }
                    }
                }
                if (!child.isAlive()) {
                    throw failure(child, null, "it exited before logging the moment record in " + log);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw failure(
                            child,
                            null,
                            "no moment record in " + log + " within "
                                    + TimeUnit.NANOSECONDS.toSeconds(momentDeadlineNanos) + " s");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** The signal by hand, as a person at a shell would send it: one {@code kill} process. */
    private void sendSigint(Process child) throws IOException, InterruptedException {
        Path kill = Platform.kill()
                .orElseThrow(() -> new IllegalStateException(
                        "there is no kill program in /bin, /usr/bin or /usr/local/bin: install procps"));
        Process sender = new ProcessBuilder(kill.toString(), "-s", "INT", Long.toString(child.pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!sender.waitFor(30, TimeUnit.SECONDS)) {
            sender.destroyForcibly();
            throw failure(child, null, kill + " -s INT " + child.pid() + " did not finish within 30 s");
        }
        if (sender.exitValue() != 0) {
            throw failure(child, null, kill + " -s INT " + child.pid() + " exited with " + sender.exitValue());
        }
    }

    private LogRecord require(CleanupLog records, String event, Process child, Path stderr) {
        return records.first(event)
                .orElseThrow(() -> failure(child, stderr, "its cleanup log has no " + event + " record"));
    }

    private IllegalStateException failure(Process child, Path stderr, String what) {
        if (child.isAlive()) {
            child.destroyForcibly();
        }
        String tail = "";
        Path errors = stderr != null ? stderr : directory.resolve("stderr.txt");
        try {
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
            tail = String.join(
                    System.lineSeparator() + "    ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            tail = "(unreadable: " + e.getMessage() + ")";
        }
        return new IllegalStateException(
                "the bare run of pid " + child.pid() + " failed: " + what + System.lineSeparator()
                        + "  command: " + HarnessBench.shorten(command) + System.lineSeparator()
                        + "  files: " + directory + System.lineSeparator()
                        + "  stderr tail:" + System.lineSeparator() + "    " + tail);
    }
}
