package io.signaltest.sample.pitfalls;

import io.signaltest.sample.BatchApp;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue entry 12; pitfalls guide, section 10 (SIGINT inherited as ignored, the CI trap): a correct program started
 * by a launcher that ignores SIGINT.
 *
 * <p>The program is the sample app, {@link BatchApp}, which handles Ctrl+C correctly. What is wrong is how it is
 * started. A non-interactive shell starts background jobs ({@code cmd &}) with SIGINT ignored, CI scripts and wrappers
 * do the same with {@code trap '' INT}, and an ignored disposition survives {@code exec}. A JVM that starts with SIGINT
 * ignored cannot handle it: HotSpot installs no handler for it, {@code sun.misc.Signal.handle} returns {@code SIG_IGN},
 * and the kernel discards every SIGINT sent to the process. Ctrl+C does nothing; SIGTERM still works.
 *
 * <p>The command from {@link #command} reproduces that launcher:
 *
 * <pre>
 * /bin/sh -c 'trap "" INT; exec "$0" "$@"' java -cp CLASSPATH io.signaltest.sample.BatchApp --tasks 4 ...
 * </pre>
 *
 * <p>The runtime notices at the start of the run: {@code run_started} says
 * {@code "signals":{"INT":"inherited-ignored",...}}, a {@code signal_ignored} record follows, and a warning goes to
 * standard error. On Linux, {@code grep SigIgn /proc/PID/status} shows the mask with bit 1 ({@code 0x2}) set.
 *
 * <p>Symptom, for every SIGINT scenario: the program does not react to SIGINT; the harness must say that SIGINT was
 * inherited as ignored. The SIGTERM scenarios pass.
 */
public final class IgnoredSigint {

    /** The shell script of the launcher: ignore SIGINT, then become the program. */
    public static final String LAUNCHER_SCRIPT = "trap '' INT; exec \"$0\" \"$@\"";

    private IgnoredSigint() {}

    /**
     * The command that starts {@link BatchApp} with SIGINT ignored.
     *
     * @param java the {@code java} executable
     * @param classpath a classpath with the sample app and the runtime
     * @param workloadArgs the program's options, for example {@link Workload#args()}
     */
    public static List<String> command(String java, String classpath, List<String> workloadArgs) {
        List<String> command = new ArrayList<>(
                List.of("/bin/sh", "-c", LAUNCHER_SCRIPT, java, "-cp", classpath, BatchApp.class.getName()));
        command.addAll(workloadArgs);
        return command;
    }
}
