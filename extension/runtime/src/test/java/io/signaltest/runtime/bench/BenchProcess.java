package io.signaltest.runtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One child process of the bench: started with a clean signal disposition, its output read line by line, every wait
 * bounded by a deadline, and never left running.
 *
 * <p>Every live child is registered with a shutdown hook that kills it, so a runner that fails or is interrupted takes
 * its children with it; a runner killed outright closes the children's standard input, which both children treat as
 * "the harness is gone".
 */
final class BenchProcess implements AutoCloseable {

    private static final int TAIL_LINES = 20;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread reaper = new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-child-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    private final String label;
    private final List<String> command;
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutReader;
    private boolean stdoutEnded;
    private final Thread stderrReader;

    private BenchProcess(String label, List<String> command, Process process) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutReader = read(process.getInputStream(), this::addStdout, this::endStdout, label + "-stdout");
        this.stderrReader = read(process.getErrorStream(), this::addStderr, () -> {}, label + "-stderr");
    }

    /**
     * Starts {@code command} with {@code environment} added to this process's environment. Its standard input stays
     * open (a pipe) until {@link #close()}.
     */
    static BenchProcess start(String label, List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        LIVE.add(process);
        return new BenchProcess(label, command, process);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until a line of standard output matches; fails if the child exits or the deadline passes first. */
    String awaitStdoutLine(Predicate<String> wanted, String what, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int seen = 0;
        synchronized (stdout) {
            while (true) {
                for (; seen < stdout.size(); seen++) {
                    if (wanted.test(stdout.get(seen))) {
                        return stdout.get(seen);
                    }
                }
                if (stdoutEnded) {
                    throw failure("its standard output ended before " + what);
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw failure("no " + what + " within " + deadline.toSeconds() + " s");
                }
                TimeUnit.NANOSECONDS.timedWait(stdout, left);
            }
        }
    }

    /** The first line of standard output that starts with {@code prefix}, without the prefix. */
    Optional<String> stdoutValue(String prefix) {
        synchronized (stdout) {
            return stdout.stream()
                    .filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length()))
                    .findFirst();
        }
    }

    /**
     * Sends a real SIGINT with {@code kill -s INT <pid>} and returns when {@code kill} has returned, which is when the
     * kernel has queued the signal.
     */
    void sendSigint() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", "INT", Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw failure("`kill -s INT " + process.pid() + "` did not return within 10 s");
        }
        if (kill.exitValue() != 0) {
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw failure(
                    "`kill -s INT " + process.pid() + "` failed with exit code " + kill.exitValue() + ": " + output);
        }
    }

    /** Waits for the child to exit and returns its exit code; kills it and fails after the deadline. */
    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw failure("it did not exit within " + deadline.toSeconds() + " s of SIGINT; it was killed");
        }
        return process.exitValue();
    }

    /** Waits (bounded) until both output streams are read to their end, so every line printed before exit is here. */
    void drainOutput() throws InterruptedException {
        stdoutReader.join(10_000);
        stderrReader.join(10_000);
    }

    /** An exception that names the child, its command, pid, exit code and the tails of its output. */
    IllegalStateException failure(String what) {
        StringBuilder message = new StringBuilder();
        message.append(label)
                .append(" child failed: ")
                .append(what)
                .append('\n')
                .append("  command:   ")
                .append(String.join(" ", command))
                .append('\n')
                .append("  pid:       ")
                .append(process.pid())
                .append('\n')
                .append("  exit code: ")
                .append(process.isAlive() ? "(still running)" : Integer.toString(process.exitValue()))
                .append('\n');
        synchronized (stdout) {
            List<String> tail = stdout.subList(Math.max(0, stdout.size() - TAIL_LINES), stdout.size());
            message.append("  stdout (last ").append(tail.size()).append(" lines):\n");
            tail.forEach(l -> message.append("    ").append(l).append('\n'));
        }
        synchronized (stderrTail) {
            message.append("  stderr (last ").append(stderrTail.size()).append(" lines):\n");
            stderrTail.forEach(l -> message.append("    ").append(l).append('\n'));
        }
        return new IllegalStateException(message.toString());
    }

    /** Kills the child if it still runs, waits for it (bounded), and closes its standard input. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the shutdown hook still kills it if it lingers
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child is gone; nothing reads its input any more
        }
        LIVE.remove(process);
    }

    private void addStdout(String line) {
        synchronized (stdout) {
            stdout.add(line);
            stdout.notifyAll();
        }
    }

    private void endStdout() {
        synchronized (stdout) {
            stdoutEnded = true;
            stdout.notifyAll();
        }
    }

    private void addStderr(String line) {
        synchronized (stderrTail) {
            if (stderrTail.size() == TAIL_LINES) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line);
        }
    }

    private static Thread read(InputStream stream, Consumer<String> sink, Runnable onEnd, String name) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            sink.accept(line);
                        }
                    } catch (IOException ignored) {
                        // the stream closed with the process
                    } finally {
                        onEnd.run();
                    }
                },
                name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
