package io.signaltest.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How this machine starts a program as PID 1 of a new PID namespace, as a container runtime does: {@code unshare --pid
 * --fork --mount-proc}, as root, or with a new user namespace ({@code --user --map-root-user}) for another user where
 * the kernel allows unprivileged user namespaces. Tried once, on first use, by running {@code true} that way.
 */
public final class PidNamespace {

    private static final long PROBE_SECONDS = 30;

    private PidNamespace() {}

    /** The command prefix that starts what follows it as PID 1 of a new PID namespace; empty where none works. */
    public static Optional<List<String>> prefix() {
        return Probe.RESULT.prefix();
    }

    /** Why no prefix works here (for the reason of a skipped test); empty when one does. */
    static Optional<String> problem() {
        return Probe.RESULT.prefix().isPresent() ? Optional.empty() : Optional.of(Probe.RESULT.problem());
    }

    private record Result(Optional<List<String>> prefix, String problem) {}

    private static final class Probe {
        static final Result RESULT = probe();

        private static Result probe() {
            Optional<Path> unshare = Tool.UNSHARE.executable();
            if (unshare.isEmpty()) {
                return new Result(Optional.empty(), "no unshare");
            }
            String bin = unshare.get().toString();
            List<List<String>> ways = List.of(
                    List.of(bin, "--pid", "--fork", "--mount-proc", "--kill-child"),
                    List.of(bin, "--user", "--map-root-user", "--pid", "--fork", "--mount-proc", "--kill-child"));
            List<String> failures = new ArrayList<>();
            for (List<String> way : ways) {
                List<String> command = new ArrayList<>(way);
                command.add("true");
                try {
                    Process process = new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .start();
                    process.getOutputStream().close();
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        failures.add(String.join(" ", command) + " did not end within " + PROBE_SECONDS + " s");
                    } else if (process.exitValue() == 0) {
                        return new Result(Optional.of(List.copyOf(way)), "");
                    } else {
                        failures.add(String.join(" ", command) + " exited with code " + process.exitValue()
                                + (output.isEmpty() ? "" : " (" + output + ")"));
                    }
                } catch (IOException e) {
                    failures.add(String.join(" ", command) + " could not start (" + e.getMessage() + ")");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(String.join(" ", command) + " was interrupted");
                }
            }
            return new Result(Optional.empty(), String.join("; ", failures));
        }
    }
}
