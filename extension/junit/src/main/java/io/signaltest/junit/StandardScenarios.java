package io.signaltest.junit;

import io.signaltest.runtime.Moment;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The standard scenario matrix: ten real-signal scenarios that a program which survives Ctrl+C passes, and that each
 * pitfall of the catalogue fails. Run it against your program without writing a test, by naming the program in a
 * configuration parameter:
 *
 * <pre>{@code
 * // junit-platform.properties, or -D on the Failsafe/Surefire command line
 * signaltest.program.main=com.example.BatchApp
 * }</pre>
 *
 * and selecting this class (Failsafe: {@code dependenciesToScan} {@code io.signaltest:signaltest-junit} and
 * {@code -Dit.test=StandardScenarios}; the JUnit Console Launcher: {@code --select-class}), or with signaltest's
 * console runner: {@code java -jar signaltest-cli.jar check --jar app.jar}.
 *
 * <h2>The program's side</h2>
 *
 * The program must accept the standard workload options {@code --tasks N --max-concurrent M --task-millis T
 * --cleanup-millis C --work-dir DIR}, write the cleanup log (the signaltest runtime does), and keep its temporary files
 * in the work directory or its temporary directory ({@code java.io.tmpdir}, {@code TMPDIR}), deleting them on every way
 * out. Each scenario runs tasks that only end by cancellation (task-millis is ten minutes); cleanups take 20 ms,
 * {@value #REPEATED_SIGNALS_CLEANUP_MILLIS} ms in the repeated scenario and {@value #EXIT_RACE_CLEANUP_MILLIS} ms in
 * the exit race, so that a program that exits without waiting for its cleanups is caught in every run.
 *
 * <h2>The scenarios</h2>
 *
 * <table>
 *   <caption>moment, tasks / slots, signals</caption>
 *   <tr><td>BEFORE_START</td><td>4 / 2</td><td>SIGINT</td></tr>
 *   <tr><td>BELOW_LIMIT</td><td>1 / 2</td><td>SIGINT</td></tr>
 *   <tr><td>ALL_SLOTS_FULL</td><td>2 / 2</td><td>SIGINT, SIGTERM, SIGHUP</td></tr>
 *   <tr><td>QUEUE_WAITING</td><td>6 / 2</td><td>SIGINT, SIGTERM</td></tr>
 *   <tr><td>DURING_CLEANUP</td><td>2 / 2</td><td>SIGINT at ALL_SLOTS_FULL, then SIGINT during a cleanup</td></tr>
 *   <tr><td>QUEUE_WAITING, repeated</td><td>6 / 2</td><td>3 x SIGINT</td></tr>
 *   <tr><td>ALL_SLOTS_FULL, exit race</td><td>2 / 2</td><td>SIGINT, with long cleanups</td></tr>
 * </table>
 *
 * Each checks {@link AbstractSignalRunAssert#shutDownCleanly()} (which includes
 * {@link AbstractSignalRunAssert#leftNoTemporaryFiles()}),
 * {@link AbstractSignalRunAssert#leftNoFilesIn(java.nio.file.Path)} on the work directory, and
 * {@link AbstractSignalRunAssert#shutDownWithin(Duration)} the shutdown deadline ({@value #SHUTDOWN_DEADLINE_PROPERTY},
 * default {@value #DEFAULT_SHUTDOWN_DEADLINE_MILLIS} ms: {@code docker stop} sends SIGKILL after 10 s). A stack trace
 * on stderr is a warning, or a failure with {@value #STACK_TRACES_PROPERTY}{@code =fail}.
 *
 * <p>The scenarios run, and are reported, in this order.
 *
 * @since 0.1
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// A method order alone would make JUnit run the methods one after the other; they are independent.
@Execution(ExecutionMode.CONCURRENT)
@ExtendWith(StandardScenarios.Settings.class)
public class StandardScenarios {

    /** The work directory each scenario gives the program, inside its run directory. */
    public static final String WORK_DIRECTORY = "work";

    /**
     * Configuration parameter: the longest a program may take from the signal to its exit, in milliseconds (default
     * {@value #DEFAULT_SHUTDOWN_DEADLINE_MILLIS}). Set it to what your orchestrator allows before it kills: Kubernetes'
     * {@code terminationGracePeriodSeconds} is 30 s.
     */
    public static final String SHUTDOWN_DEADLINE_PROPERTY = "signaltest.shutdown.deadline.millis";

    /**
     * Configuration parameter: how the workload options reach the program: {@code standard} (the default:
     * {@code --tasks N --max-concurrent M --task-millis T --cleanup-millis C --work-dir DIR}), {@code none} (the
     * program takes no options and runs its own workload), or a template of the program's own options, in which
     * {@code {tasks}}, {@code {max-concurrent}}, {@code {task-millis}}, {@code {cleanup-millis}} and {@code {work-dir}}
     * stand for the values: {@code -n {tasks} --jobs {max-concurrent}}.
     */
    public static final String WORKLOAD_ARGS_PROPERTY = "signaltest.workload.args";

    /** The default of {@value #SHUTDOWN_DEADLINE_PROPERTY}: {@code docker stop}'s grace period. */
    public static final long DEFAULT_SHUTDOWN_DEADLINE_MILLIS = 10_000;

    /**
     * Configuration parameter: what a stack trace on stderr does to a scenario: {@code warn} (the default: the verdict
     * table and the run's report show it) or {@code fail}.
     */
    public static final String STACK_TRACES_PROPERTY = "signaltest.stderr.stackTraces";

    /**
     * How long each cleanup takes in the repeated-signals scenario. A program on the runtime or the agent does not need
     * it: it holds a cleanup in progress until each further signal is logged. A program that writes its log by hand
     * gets each next signal once it has logged the previous one, and all of them must land while its cleanups still
     * run, also on a loaded machine.
     */
    public static final long REPEATED_SIGNALS_CLEANUP_MILLIS = 300;

    /** How long each cleanup takes in the exit race scenario. */
    public static final long EXIT_RACE_CLEANUP_MILLIS = 300;

    private Duration shutdownDeadline = Duration.ofMillis(DEFAULT_SHUTDOWN_DEADLINE_MILLIS);
    private boolean stackTracesFail;

    @Order(1)
    @SignalTest(
            at = Moment.BEFORE_START,
            args = {
                "--tasks",
                "4",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "20",
                "--work-dir",
                "{runDir}/work"
            })
    void signalBeforeAnyTaskStarts(SignalRun run) {
        verify(run);
    }

    @Order(2)
    @SignalTest(
            at = Moment.BELOW_LIMIT,
            args = {
                "--tasks",
                "1",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "20",
                "--work-dir",
                "{runDir}/work"
            })
    void signalWithFreeSlots(SignalRun run) {
        verify(run);
    }

    @Order(3)
    @SignalTest(
            at = Moment.ALL_SLOTS_FULL,
            signal = {Signal.INT, Signal.TERM, Signal.HUP},
            args = {
                "--tasks",
                "2",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "20",
                "--work-dir",
                "{runDir}/work"
            })
    void signalWithAllSlotsFull(SignalRun run) {
        verify(run);
    }

    @Order(4)
    @SignalTest(
            at = Moment.QUEUE_WAITING,
            signal = {Signal.INT, Signal.TERM},
            args = {
                "--tasks",
                "6",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "20",
                "--work-dir",
                "{runDir}/work"
            })
    void signalWhileTasksWait(SignalRun run) {
        verify(run);
    }

    @Order(5)
    @SignalTest(
            at = Moment.DURING_CLEANUP,
            firstSignalAt = Moment.ALL_SLOTS_FULL,
            args = {
                "--tasks",
                "2",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "20",
                "--work-dir",
                "{runDir}/work"
            })
    void secondSignalDuringCleanup(SignalRun run) {
        verify(run);
    }

    @Order(6)
    @SignalTest(
            at = Moment.QUEUE_WAITING,
            repeat = 3,
            args = {
                "--tasks",
                "6",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "" + REPEATED_SIGNALS_CLEANUP_MILLIS,
                "--work-dir",
                "{runDir}/work"
            })
    void repeatedSignals(SignalRun run) {
        verify(run);
    }

    /**
     * Cleanups far longer than any grace a program might give them: one that exits without waiting for its cleanups (a
     * fixed grace period, cleanups handed to another pool while {@code main} returns) exits while they still run, in
     * every run, however loaded the machine.
     */
    @Order(7)
    @SignalTest(
            at = Moment.ALL_SLOTS_FULL,
            args = {
                "--tasks",
                "2",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "" + EXIT_RACE_CLEANUP_MILLIS,
                "--work-dir",
                "{runDir}/work"
            })
    void exitRaceWithLongCleanups(SignalRun run) {
        verify(run);
    }

    private void verify(SignalRun run) {
        Failures failures = new Failures();
        failures.check(() -> SignalTestAssertions.assertThat(run).shutDownCleanly());
        failures.check(() -> SignalTestAssertions.assertThat(run)
                .leftNoFilesIn(run.directory().resolve(WORK_DIRECTORY)));
        failures.check(() -> SignalTestAssertions.assertThat(run).shutDownWithin(shutdownDeadline));
        if (stackTracesFail) {
            failures.check(() -> SignalTestAssertions.assertThat(run).hasNoStackTraceOnStderr());
        }
        failures.throwIfAny();
    }

    /** Reads the matrix's configuration parameters into each test instance. */
    static final class Settings implements TestInstancePostProcessor {

        @Override
        public void postProcessTestInstance(Object instance, ExtensionContext context) {
            if (instance instanceof StandardScenarios scenarios) {
                scenarios.shutdownDeadline = shutdownDeadline(context::getConfigurationParameter);
                scenarios.stackTracesFail = stackTracesFail(context::getConfigurationParameter);
            }
        }

        static Duration shutdownDeadline(Function<String, Optional<String>> configuration) {
            Optional<String> value =
                    configuration.apply(SHUTDOWN_DEADLINE_PROPERTY).filter(v -> !v.isBlank());
            if (value.isEmpty()) {
                return Duration.ofMillis(DEFAULT_SHUTDOWN_DEADLINE_MILLIS);
            }
            try {
                long millis = Long.parseLong(value.get().trim());
                if (millis > 0) {
                    return Duration.ofMillis(millis);
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new ExtensionConfigurationException("The configuration parameter " + SHUTDOWN_DEADLINE_PROPERTY
                    + " is \"" + value.get() + "\", which is not a positive number of milliseconds: set it to, for "
                    + "example, " + DEFAULT_SHUTDOWN_DEADLINE_MILLIS
                    + " (the grace period of docker stop), or remove it.");
        }

        static boolean stackTracesFail(Function<String, Optional<String>> configuration) {
            String value = configuration
                    .apply(STACK_TRACES_PROPERTY)
                    .map(v -> v.trim().toLowerCase(Locale.ROOT))
                    .filter(v -> !v.isEmpty())
                    .orElse("warn");
            if (value.equals("warn") || value.equals("fail")) {
                return value.equals("fail");
            }
            throw new ExtensionConfigurationException("The configuration parameter " + STACK_TRACES_PROPERTY + " is \""
                    + value + "\", but it must be warn (the default: show stack traces on stderr as a warning) or fail "
                    + "(fail the scenario): set one of them, or remove it.");
        }
    }
}
