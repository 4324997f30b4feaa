package io.signaltest.junit.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A child started as PID 1 of a new PID namespace, as a container runtime starts an entrypoint: {@code unshare --pid
 * --fork --mount-proc --kill-child <program>}. The child signaltest starts is {@code unshare}; it forks the program,
 * which is PID 1 inside the namespace (its own {@code /proc} shows only its namespace), waits for it and exits with its
 * exit code. {@code unshare} passes no signal on, so the signal goes to the program's pid as the test JVM sees it,
 * found below {@code unshare}, as {@code docker stop} sends it to the container's PID 1 from outside.
 * {@code --kill-child} ends the namespace with {@code unshare}, so killing the child's process group (at its end, or
 * when the test JVM dies, see {@link Supervisor}) leaves nothing running.
 */
public final class NamespaceInit {

    private static final long PROBE_SECONDS = 30;

    private NamespaceInit() {}

    /**
     * The command prefix that starts what follows it as PID 1 of a new PID namespace on this machine: the PID and mount
     * namespaces alone (root), or with a new user namespace in which the test JVM's user is root (another user, where
     * the kernel allows unprivileged user namespaces). Tried once, by running {@code true} each way; empty when neither
     * works, and {@link #problem()} says why.
     */
    public static Optional<List<String>> prefix() {
        return Probe.RESULT.prefix();
    }

    /** What each way of making the namespaces answered, when none worked. */
    public static String problem() {
        return Probe.RESULT.problem();
    }

    private record Result(Optional<List<String>> prefix, String problem) {}

    private static final class Probe {
        static final Result RESULT = probe();

        private static Result probe() {
            Optional<Path> unshare = Platform.unshare();
            if (unshare.isEmpty()) {
                return new Result(Optional.empty(), "there is no unshare program (util-linux)");
            }
            List<String> namespaces = List.of("--pid", "--fork", "--mount-proc", "--kill-child");
            List<String> asRoot = new ArrayList<>(List.of(unshare.get().toString()));
            asRoot.addAll(namespaces);
            List<String> asUser = new ArrayList<>(List.of(unshare.get().toString(), "--user", "--map-root-user"));
            asUser.addAll(namespaces);
            StringBuilder problems = new StringBuilder();
            for (List<String> way : List.of(asRoot, asUser)) {
                String answer = tryWith(way);
                if (answer.isEmpty()) {
                    return new Result(Optional.of(List.copyOf(way)), "");
                }
                problems.append(problems.length() == 0 ? "" : "; ").append(answer);
            }
            return new Result(Optional.empty(), problems.toString());
        }

        /** Runs {@code true} with {@code prefix}: empty when it worked, else what went wrong. */
        private static String tryWith(List<String> prefix) {
            List<String> command = new ArrayList<>(prefix);
            command.add("true");
            String shown = String.join(" ", command);
            try {
                Process process =
                        new ProcessBuilder(command).redirectErrorStream(true).start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return shown + " did not end within " + PROBE_SECONDS + " s";
                }
                return process.exitValue() == 0
                        ? ""
                        : shown + " exited with code " + process.exitValue() + (output.isEmpty() ? "" : ": " + output);
            } catch (IOException e) {
                return shown + " could not start: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return shown + " was interrupted";
            }
        }
    }

    /**
     * The pid, as the test JVM sees it, of the namespace's PID 1 that {@code unshare} (pid {@code unshare}) started:
     * its child other than signaltest's watcher; empty while it has not forked it yet, or once it has exited.
     */
    public static OptionalLong find(long unshare) {
        for (long child : ProcessTree.children(unshare)) {
            boolean watcher = ProcessTree.read(child)
                    .map(proc -> proc.argv().contains(Supervisor.NAME))
                    .orElse(true);
            if (!watcher) {
                return OptionalLong.of(child);
            }
        }
        return OptionalLong.empty();
    }
}
