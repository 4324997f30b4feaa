package io.signaltest.junit.internal;

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
 * Delivers real signals the way the OS does: {@code kill -s INT <pid>}, or to {@code -<pgid>}
 * for a whole process group. Java has no API that sends SIGINT to another process.
 */
public final class Signals {

    private static final long KILL_TIMEOUT_SECONDS = 30;

    private Signals() {
    }

    /** What became of one {@code kill}. */
    public record KillResult(boolean delivered, String detail) {
    }

    /** Sends {@code signal} to process {@code pid}, or to its process group when {@code group}. */
    public static KillResult send(String signalName, long pid, boolean group) {
        Path kill = Platform.kill().orElseThrow(() -> new IllegalStateException(
                "there is no kill program in /bin, /usr/bin or /usr/local/bin: install procps or util-linux"));
        List<String> command = new ArrayList<>(List.of(kill.toString(), "-s", signalName, "--"));
        command.add(group ? "-" + pid : Long.toString(pid));
        try {
            ProcessResult result = new ProcessExecutor(command)
                    .readOutput(true)
                    .redirectErrorStream(true)
                    .exitValueAny()
                    .timeout(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .execute();
            return new KillResult(result.getExitValue() == 0,
                    String.join(" ", command) + " exited with " + result.getExitValue()
                            + (result.outputUTF8().isBlank() ? "" : ": " + result.outputUTF8().strip()));
        } catch (IOException | TimeoutException e) {
            return new KillResult(false, String.join(" ", command) + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KillResult(false, String.join(" ", command) + " was interrupted");
        }
    }

    public static KillResult send(Signal signal, long pid, boolean group) {
        return send(signal.name(), pid, group);
    }

    /**
     * Whether process {@code pid} ignores {@code signal}, from the {@code SigIgn} mask of
     * {@code /proc/<pid>/status}; empty where there is no such file (not Linux, or the process is gone).
     */
    public static Optional<Boolean> ignores(long pid, Signal signal) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    BigInteger mask = new BigInteger(line.substring("SigIgn:".length()).trim(), 16);
                    return Optional.of(mask.testBit(signal.number() - 1));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
