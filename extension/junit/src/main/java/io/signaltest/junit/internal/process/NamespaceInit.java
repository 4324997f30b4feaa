package io.signaltest.junit.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

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

    private NamespaceInit() {}

    /**
     * The command prefix: as root, the PID and mount namespaces alone; for another user, with a new user namespace in
     * which it is root ({@code --map-root-user}), where the kernel allows that.
     */
    public static List<String> prefix(Path unshare) {
        List<String> prefix = new ArrayList<>(List.of(unshare.toString()));
        if (!root()) {
            prefix.addAll(List.of("--user", "--map-root-user"));
        }
        prefix.addAll(List.of("--pid", "--fork", "--mount-proc", "--kill-child"));
        return List.copyOf(prefix);
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

    private static boolean root() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+")[2]) // real, effective, saved, file system: the effective one
                    .anyMatch("0"::equals);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
