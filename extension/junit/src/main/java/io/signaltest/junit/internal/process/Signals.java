package io.signaltest.junit.internal.process;

import io.signaltest.junit.Signal;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/**
 * Delivers real signals the way the OS does: {@code kill(pid, SIGINT)}, or to {@code -pgid} for a whole process group.
 * Java has no API that sends SIGINT to another process, so this tries, in order: {@code kill(2)} itself through JNA
 * ({@link NativeKill}); the built-in {@code kill} of one long-lived {@code /bin/sh}; a {@code kill} process per signal.
 */
public final class Signals {

    private static final long KILL_TIMEOUT_SECONDS = 30;

    static {
        QuietSlf4j.apply(); // before zt-exec's first class makes SLF4J initialise
    }

    private Signals() {}

    /** What became of one {@code kill}. */
    public record KillResult(boolean delivered, String detail) {}

    /** Sends {@code signal} to process {@code pid}, or to its process group when {@code group}. */
    public static KillResult send(String signalName, long pid, boolean group) {
        String target = group ? "-" + pid : Long.toString(pid);
        return NativeKill.send(signalName, target)
                .or(() -> viaShell(signalName, target))
                .orElseGet(() -> viaProcess(signalName, target));
    }

    /**
     * False when process group {@code pgid} is known to be empty, which one system call tells where signals go through
     * {@code kill(2)} directly; true otherwise (it may have members: look at them).
     */
    public static boolean groupMayHaveMembers(long pgid) {
        return NativeKill.groupExists(pgid).orElse(true);
    }

    /**
     * Starts getting the fastest way ready, in the background, ahead of the first signal (see {@link NativeKill}): for
     * example while a child starts. Returns at once.
     */
    public static void prepare() {
        NativeKill.prepare();
    }

    /** The second way: a long-lived shell's built-in {@code kill}; empty when there is no such shell. */
    static Optional<KillResult> viaShell(String signalName, String target) {
        return KillShell.INSTANCE.send(signalName, target);
    }

    /** The last way: one {@code kill} process per signal (a few ms, and much more on a loaded machine). */
    static KillResult viaProcess(String signalName, String target) {
        Path kill = Platform.kill()
                .orElseThrow(() -> new IllegalStateException(
                        "there is no kill program in /bin, /usr/bin or /usr/local/bin: install procps or util-linux"));
        List<String> command = new ArrayList<>(List.of(kill.toString(), "-s", signalName, "--", target));
        try {
            ProcessResult result = new ProcessExecutor(command)
                    .readOutput(true)
                    .redirectErrorStream(true)
                    .exitValueAny()
                    .timeout(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .execute();
            return new KillResult(
                    result.getExitValue() == 0,
                    String.join(" ", command) + " exited with " + result.getExitValue()
                            + (result.outputUTF8().isBlank()
                                    ? ""
                                    : ": " + result.outputUTF8().strip()));
        } catch (IOException | TimeoutException e) {
            return new KillResult(false, String.join(" ", command) + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KillResult(false, String.join(" ", command) + " was interrupted");
        }
    }

    /**
     * A long-lived {@code /bin/sh} whose built-in {@code kill} sends each signal, where JNA is not available: no
     * process is started per signal, so delivery does not wait for one to start, even while other children start. It
     * reads commands on its standard input and exits when this JVM goes away (end of input).
     */
    private static final class KillShell {
        static final KillShell INSTANCE = new KillShell();

        private Process shell;
        private java.io.BufferedWriter commands;
        private java.io.BufferedReader replies;
        private boolean unavailable;

        synchronized Optional<KillResult> send(String signalName, String target) {
            if (!signalName.matches("[A-Z0-9]+") || !target.matches("-?[0-9]+")) {
                return Optional.empty();
            }
            for (int attempt = 0; attempt < 2 && !unavailable; attempt++) {
                try {
                    ensureStarted();
                    String command = "kill -s " + signalName + " -- " + target;
                    commands.write(command + " 2>&1; echo \"signaltest-kill $?\"\n");
                    commands.flush();
                    StringBuilder output = new StringBuilder();
                    String line;
                    while ((line = replies.readLine()) != null) {
                        if (line.startsWith("signaltest-kill ")) {
                            int code = Integer.parseInt(
                                    line.substring("signaltest-kill ".length()).trim());
                            return Optional.of(new KillResult(
                                    code == 0,
                                    command + " (sh built-in) exited with " + code
                                            + (output.length() == 0
                                                    ? ""
                                                    : ": " + output.toString().strip())));
                        }
                        output.append(line).append(' ');
                    }
                    stop(); // the shell died: start a new one once
                } catch (IOException | RuntimeException e) {
                    stop();
                }
            }
            return Optional.empty();
        }

        private void ensureStarted() throws IOException {
            if (shell != null && shell.isAlive()) {
                return;
            }
            Path sh = Path.of("/bin/sh");
            if (!Files.isExecutable(sh)) {
                unavailable = true;
                throw new IOException("no /bin/sh");
            }
            shell = new ProcessBuilder(sh.toString()).redirectErrorStream(true).start();
            commands = new java.io.BufferedWriter(
                    new java.io.OutputStreamWriter(shell.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8));
            replies = new java.io.BufferedReader(
                    new java.io.InputStreamReader(shell.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        }

        private void stop() {
            if (shell != null) {
                shell.destroyForcibly();
                shell = null;
            }
        }
    }

    public static KillResult send(Signal signal, long pid, boolean group) {
        return send(signal.name(), pid, group);
    }

    /**
     * Whether process {@code pid} ignores {@code signal}, from the {@code SigIgn} mask of {@code /proc/<pid>/status};
     * empty where there is no such file (not Linux, or the process is gone).
     */
    public static Optional<Boolean> ignores(long pid, Signal signal) {
        return inMask(pid, "SigIgn:", signal);
    }

    /**
     * Whether process {@code pid} has a handler for {@code signal} ({@code SigCgt} in its {@code /proc} status); empty
     * when it cannot be read. A namespace's PID 1 gets only the signals it has a handler for.
     */
    public static Optional<Boolean> catches(long pid, Signal signal) {
        return inMask(pid, "SigCgt:", signal);
    }

    private static Optional<Boolean> inMask(long pid, String field, Signal signal) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    BigInteger mask =
                            new BigInteger(line.substring(field.length()).trim(), 16);
                    return Optional.of(mask.testBit(signal.number() - 1));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
