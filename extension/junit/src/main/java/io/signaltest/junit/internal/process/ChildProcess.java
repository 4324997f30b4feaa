package io.signaltest.junit.internal.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeroturnaround.exec.StartedProcess;

/**
 * A running program under test. Closing it kills it, its descendants and, when it leads its own process group, the
 * whole group, and waits for it to be gone: no child outlives its test. Its standard input stays open until then: the
 * control channel of the harness protocol ({@code SIGNALTEST_CONTROL=stdin}), and an end of input that a program
 * without the runtime can watch for; a child on the runtime also notices when its parent, the test JVM, is gone.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long close() waits for a killed child and its output pumps. */
    private static final long CLOSE_WAIT_SECONDS = 30;
    /** How long the output pumps get after everything holding the pipes was killed. */
    private static final long DRAIN_AFTER_KILL_MILLIS = 1_000;

    private final List<String> command;
    private final StartedProcess started;
    private final Process process;
    private final boolean groupLeader;
    private final OutputStream stdin;
    private final OutputCapture stdout;
    private final OutputCapture stderr;
    private boolean closed;

    ChildProcess(
            List<String> command,
            StartedProcess started,
            boolean groupLeader,
            OutputStream stdin,
            OutputCapture stdout,
            OutputCapture stderr) {
        this.command = List.copyOf(command);
        this.started = started;
        this.process = started.getProcess();
        this.groupLeader = groupLeader;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The command as started, wrappers ({@code setsid}, {@code env}) included. */
    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    /** True when the child was started as the leader of its own process group (its pgid is its pid). */
    public boolean groupLeader() {
        return groupLeader;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits at most {@code nanos} for the child to exit; true when it has. */
    public boolean awaitExit(long nanos) throws InterruptedException {
        return process.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** The exit code; only once the child has exited. A child killed by a signal has 128 + its number. */
    public int exitCode() {
        return process.exitValue();
    }

    public OutputCapture stdout() {
        return stdout;
    }

    public OutputCapture stderr() {
        return stderr;
    }

    /** Writes one line to the child's standard input (the control channel of the harness protocol). */
    public void control(String line) throws IOException {
        synchronized (stdin) {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
    }

    /**
     * Waits at most {@code millis} for the output pumps to reach the end of stdout and stderr (after the child exited),
     * then ends both captures. A descendant that still holds the pipes open cannot make this wait longer.
     */
    public void awaitOutput(long millis) {
        try {
            started.getFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the captures keep what arrived
        }
        stdout.finish();
        stderr.finish();
    }

    /**
     * After the child exited: names the processes still alive in its process group (a grandchild, a daemon it spawned),
     * then kills them, so that none outlives the test and none holds the child's output pipes open. Empty when the
     * child left nothing behind, or does not lead its own group.
     */
    public List<ProcessGroup.Member> killLeftovers() {
        if (!groupLeader || process.isAlive()) {
            return List.of();
        }
        // Nearly always the group is empty: one system call says so, where reading /proc costs the test JVM
        // milliseconds at every child's exit.
        if (!Signals.groupMayHaveMembers(process.pid())) {
            return List.of();
        }
        List<ProcessGroup.Member> left = ProcessGroup.members(process.pid());
        Signals.send("KILL", process.pid(), true);
        return left;
    }

    /** Kills the child (SIGKILL), its descendants and its process group, and waits for it to be gone. */
    public void kill() {
        if (process.isAlive()) {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        if (groupLeader) {
            // The leader may be gone while members of its group live on; the group id stays theirs until they exit.
            Signals.send("KILL", process.pid(), true);
        }
        try {
            process.waitFor(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        kill();
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the child is gone; its end of the pipe with it
        }
        // Everything that could hold the pipes is dead now (group and descendants), so the pumps end at once.
        awaitOutput(DRAIN_AFTER_KILL_MILLIS);
    }
}
