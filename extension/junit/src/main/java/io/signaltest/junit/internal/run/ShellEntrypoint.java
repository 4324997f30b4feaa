package io.signaltest.junit.internal.run;

import io.signaltest.junit.internal.process.ProcessTree;
import io.signaltest.junit.internal.process.Supervisor;
import java.util.List;
import java.util.Optional;

/**
 * A child that is a shell with the program running below it ({@code sh -c "java ..."} without {@code exec}, a start
 * script), as {@code /proc} showed it when the first signal went out. The signal goes to the shell alone; a shell
 * waiting for a command does not pass it on, so the program never sees it. Read only when the child's name is a
 * shell's: one small read per run otherwise.
 *
 * @param shell the child, a shell
 * @param programs what ran below it: every process that is not a shell (signaltest's own watcher left out)
 */
record ShellEntrypoint(ProcessTree.Proc shell, List<ProcessTree.Proc> programs) {

    ShellEntrypoint {
        programs = List.copyOf(programs);
    }

    /** The child {@code pid} as a shell with programs below it, or empty when it is none (or there is no /proc). */
    static Optional<ShellEntrypoint> of(long pid) {
        if (!ProcessTree.comm(pid).map(ProcessTree::isShell).orElse(false)) {
            return Optional.empty();
        }
        Optional<ProcessTree.Proc> shell = ProcessTree.read(pid).filter(ProcessTree.Proc::isShell);
        if (shell.isEmpty()) {
            return Optional.empty();
        }
        List<ProcessTree.Proc> programs = ProcessTree.descendants(pid, ShellEntrypoint::watcher).stream()
                .filter(p -> !p.isShell())
                .toList();
        return programs.isEmpty() ? Optional.empty() : Optional.of(new ShellEntrypoint(shell.get(), programs));
    }

    /** signaltest's own watcher, forked by the shell that started the child (see {@link Supervisor}). */
    private static boolean watcher(ProcessTree.Proc proc) {
        return proc.argv().contains(Supervisor.NAME);
    }

    /** The programs that are still running now. */
    List<ProcessTree.Proc> running() {
        return programs.stream().filter(ProcessTree.Proc::alive).toList();
    }
}
