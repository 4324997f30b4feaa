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

    private ThreadDump() {
    }

    /** The dump, or empty when the child is not a JVM, or jcmd is missing or fails. */
    public static Optional<String> take(long pid) {
        Optional<Path> jcmd = Platform.jcmd();
        if (jcmd.isEmpty()) {
            return Optional.empty();
        }
        try {
            ProcessResult result = new ProcessExecutor(List.of(jcmd.get().toString(), Long.toString(pid), "Thread.print"))
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
