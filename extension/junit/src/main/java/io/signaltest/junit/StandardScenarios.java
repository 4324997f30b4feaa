package io.signaltest.junit;

import io.signaltest.runtime.Moment;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The standard scenario matrix: eight real-signal scenarios that a program which survives
 * Ctrl+C passes, and that each pitfall of the catalogue fails. Run it against your program
 * without writing a test, by naming the program in a configuration parameter:
 *
 * <pre>{@code
 * // junit-platform.properties, or -D on the Failsafe/Surefire command line
 * signaltest.program.main=com.example.BatchApp
 * }</pre>
 *
 * and selecting this class (Failsafe: {@code dependenciesToScan} {@code io.signaltest:signaltest-junit}
 * and {@code -Dit.test=StandardScenarios}; the JUnit Console Launcher: {@code --select-class}), or
 * with signaltest's console runner: {@code java -jar signaltest-cli.jar check --jar app.jar}.
 *
 * <h2>The program's side</h2>
 * The program must accept the standard workload options
 * {@code --tasks N --max-concurrent M --task-millis T --cleanup-millis C --work-dir DIR}, write the
 * cleanup log (the signaltest runtime does), and keep its temporary files in the work directory.
 * Each scenario runs tasks that only end by cancellation (task-millis is ten minutes); cleanups
 * take 20 ms, and 100 ms in the repeated scenario, so that all three signals land during them.
 *
 * <h2>The scenarios</h2>
 * <table>
 *   <caption>moment, tasks / slots, signals</caption>
 *   <tr><td>BEFORE_START</td><td>4 / 2</td><td>SIGINT</td></tr>
 *   <tr><td>BELOW_LIMIT</td><td>1 / 2</td><td>SIGINT</td></tr>
 *   <tr><td>ALL_SLOTS_FULL</td><td>2 / 2</td><td>SIGINT, SIGTERM</td></tr>
 *   <tr><td>QUEUE_WAITING</td><td>6 / 2</td><td>SIGINT, SIGTERM</td></tr>
 *   <tr><td>DURING_CLEANUP</td><td>2 / 2</td><td>SIGINT at ALL_SLOTS_FULL, then SIGINT during a cleanup</td></tr>
 *   <tr><td>QUEUE_WAITING, repeated</td><td>6 / 2</td><td>3 x SIGINT</td></tr>
 * </table>
 * Each checks {@link AbstractSignalRunAssert#shutDownCleanly()} and
 * {@link AbstractSignalRunAssert#leftNoFilesIn(java.nio.file.Path)} on the work directory.
 *
 * The scenarios run, and are reported, in this order.
 *
 * @since 0.1
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// A method order alone would make JUnit run the methods one after the other; they are independent.
@Execution(ExecutionMode.CONCURRENT)
public class StandardScenarios {

    /** The work directory each scenario gives the program, inside its run directory. */
    public static final String WORK_DIRECTORY = "work";

    @Order(1)
    @SignalTest(at = Moment.BEFORE_START,
            args = {"--tasks", "4", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "20",
                "--work-dir", "{runDir}/work"})
    void signalBeforeAnyTaskStarts(SignalRun run) {
        verify(run);
    }

    @Order(2)
    @SignalTest(at = Moment.BELOW_LIMIT,
            args = {"--tasks", "1", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "20",
                "--work-dir", "{runDir}/work"})
    void signalWithFreeSlots(SignalRun run) {
        verify(run);
    }

    @Order(3)
    @SignalTest(at = Moment.ALL_SLOTS_FULL, signal = {Signal.INT, Signal.TERM},
            args = {"--tasks", "2", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "20",
                "--work-dir", "{runDir}/work"})
    void signalWithAllSlotsFull(SignalRun run) {
        verify(run);
    }

    @Order(4)
    @SignalTest(at = Moment.QUEUE_WAITING, signal = {Signal.INT, Signal.TERM},
            args = {"--tasks", "6", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "20",
                "--work-dir", "{runDir}/work"})
    void signalWhileTasksWait(SignalRun run) {
        verify(run);
    }

    @Order(5)
    @SignalTest(at = Moment.DURING_CLEANUP, firstSignalAt = Moment.ALL_SLOTS_FULL,
            args = {"--tasks", "2", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "20",
                "--work-dir", "{runDir}/work"})
    void secondSignalDuringCleanup(SignalRun run) {
        verify(run);
    }

    @Order(6)
    @SignalTest(at = Moment.QUEUE_WAITING, repeat = 3,
            args = {"--tasks", "6", "--max-concurrent", "2", "--task-millis", "600000", "--cleanup-millis", "100",
                "--work-dir", "{runDir}/work"})
    void repeatedSignals(SignalRun run) {
        verify(run);
    }

    private static void verify(SignalRun run) {
        SoftAssertions softly = new SoftAssertions();
        softly.proxy(SignalRunAssert.class, SignalRun.class, run).shutDownCleanly();
        softly.proxy(SignalRunAssert.class, SignalRun.class, run).leftNoFilesIn(run.directory().resolve(WORK_DIRECTORY));
        softly.assertAll();
    }
}
