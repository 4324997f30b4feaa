package io.signaltest.junit.internal.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes sure no process the harness starts outlives the test JVM, whatever the program does.
 *
 * <p>The child is started as {@code /bin/sh -c WATCH signaltest-watch <test JVM pid> <sleep> setsid ...}: the shell
 * forks a small watcher, then replaces itself with {@code setsid}, which makes the program the leader of a new process
 * group and replaces itself with it, so the program keeps the pid the harness knows. Once a second, the watcher looks
 * whether the test JVM is still there; when it is gone (killed, crashed, stopped by an IDE), the watcher kills the
 * program's whole process group with SIGKILL. It ends by itself once the group is empty.
 *
 * <p>Why a watcher and not the program's good will: a program that knows nothing of signaltest (a script, a Python
 * program) never notices that its parent died, and a child that is still starting when the test JVM dies has already
 * been handed to PID 1 before it could look. Why not a parent-death signal: Linux sends it when the <em>thread</em>
 * that started the child ends, not the JVM, it reaches the child only and not its own children, and Java cannot set it
 * without native code. The watcher costs a fork and, once a second, one {@code sleep}; its output goes nowhere, so it
 * never holds the child's pipes open.
 */
public final class Supervisor {

    /** The name the watcher shell runs under ({@code $0}), as {@code ps} shows it. */
    public static final String NAME = "signaltest-watch";
    /** How often the watcher looks for the test JVM, in seconds: the bound on an orphan's life. */
    public static final int PERIOD_SECONDS = 1;

    /*
     * $1 is the test JVM's pid, $2 the sleep program (by path: the program's environment may set
     * any PATH), the rest is the command. The watcher is forked before the exec, so $$ is the
     * program's pid, and (after setsid) its process group id. It ignores the signals a terminal
     * or a CI runner sends to the test JVM's process group, so that it outlives the test JVM
     * long enough to do its job. It waits one period first, so that the group exists; dash's
     * kill takes "-PGID" without "--".
     */
    private static final String WATCH = "h=$1; z=$2; shift 2; "
            + "( trap '' INT TERM HUP QUIT; \"$z\" " + PERIOD_SECONDS + " || exit 0; while kill -0 -$$ 2>/dev/null; do "
            + "if ! kill -0 \"$h\" 2>/dev/null; then kill -KILL -$$ 2>/dev/null; exit 0; fi; "
            + "\"$z\" " + PERIOD_SECONDS + " || exit 0; done ) </dev/null >/dev/null 2>&1 & "
            + "exec \"$@\"";

    private Supervisor() {}

    /** True when this machine has what supervision needs: {@code /bin/sh}, {@code sleep} and {@code setsid}. */
    public static boolean available() {
        return Tools.AVAILABLE;
    }

    /** Looked up once, on first use: every child's launch asks. */
    private static final class Tools {
        static final boolean AVAILABLE = Files.isExecutable(Path.of("/bin/sh"))
                && Platform.setsid().isPresent()
                && Platform.sleep().isPresent();
    }

    /**
     * The command that runs {@code program} supervised, as the leader of its own process group.
     *
     * @throws IllegalStateException when {@link #available()} is false
     */
    public static List<String> wrap(List<String> program) {
        Optional<Path> setsid = Platform.setsid();
        if (!available() || setsid.isEmpty()) {
            throw new IllegalStateException("supervision needs /bin/sh and setsid (util-linux)");
        }
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                WATCH,
                NAME,
                Long.toString(ProcessHandle.current().pid()),
                Platform.sleep().orElseThrow().toString(),
                setsid.get().toString()));
        command.addAll(program);
        return command;
    }
}
