package io.signaltest.junit.internal.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/** The threads of a stuck child JVM, taken with {@code jcmd <pid> Thread.print} before it is killed. */
public final class ThreadDump {

    private static final long JCMD_TIMEOUT_SECONDS = 30;

    static {
        QuietSlf4j.apply(); // before zt-exec's first class makes SLF4J initialise
    }

    private ThreadDump() {}

    /**
     * Whether {@code pid} runs a JVM, as {@code /proc} shows its executable: only a JVM has threads that jcmd can
     * print. False where it cannot be told (no {@code /proc}, a process gone).
     */
    public static boolean isJvm(long pid) {
        try {
            Path executable = java.nio.file.Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
            Path name = executable.getFileName();
            return name != null && name.toString().equals("java");
        } catch (IOException | UnsupportedOperationException | SecurityException cannotTell) {
            return false;
        }
    }

    /** The dump, or empty when the child is not a JVM, or jcmd is missing or fails. */
    public static Optional<String> take(long pid) {
        Optional<Path> jcmd = Platform.jcmd();
        if (jcmd.isEmpty() || !isJvm(pid)) {
            return Optional.empty();
        }
        try {
            ProcessResult result = new ProcessExecutor(
                            List.of(jcmd.get().toString(), Long.toString(pid), "Thread.print"))
                    .readOutput(true)
                    .redirectErrorStream(true)
                    .exitValueAny()
                    .timeout(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .execute();
            String output = result.outputUTF8();
            return result.getExitValue() == 0 && output.contains("\"") ? Optional.of(output) : Optional.empty();
        } catch (IOException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
