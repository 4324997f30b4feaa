package io.signaltest.junit;

import io.signaltest.runtime.Moment;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the program under test in a child JVM, waits until it reaches a moment, delivers a
 * real signal to it, waits for it to exit, and passes the {@link SignalRun} to the test method.
 *
 * <pre>{@code
 * @SignalTest(main = BatchApp.class, args = {"--tasks", "6", "--max-concurrent", "2"},
 *             at = Moment.QUEUE_WAITING)
 * void queuedTasksNeverStart(SignalRun run) {
 *     assertThat(run).exitedWith(130)
 *                    .cleanedUpEveryStartedTaskOnce()
 *                    .startedNoTaskAfterTheSignal();
 * }
 * }</pre>
 *
 * <h2>The program</h2>
 * Exactly one of {@link #main()} (a class on the test classpath, run with this JVM's
 * {@code java} and classpath), {@link #jar()} or {@link #command()}; or none of them, and
 * exactly one of the configuration parameters {@value #PROGRAM_MAIN_PROPERTY},
 * {@value #PROGRAM_JAR_PROPERTY} or {@value #PROGRAM_COMMAND_PROPERTY}. In {@link #args()},
 * {@link #command()} and {@link #env()} values, {@code {runDir}} stands for the invocation's run
 * directory (a place for the program's files that the test can inspect afterwards). In those and in
 * {@link #jar()}, {@link #jvmArgs()}, {@link #workingDirectory()} and {@link #argSets()},
 * {@code {moduleDir}} stands for the directory of the test class's build module (the nearest
 * directory above its classes with a {@code pom.xml}, {@code build.gradle} or
 * {@code build.gradle.kts}), so that a test can point at a script of its module however it is run:
 * {@code command = {"python3", "-u", "{moduleDir}/src/test/python/batch.py"}}.
 *
 * <h2>Temporary files</h2>
 * Each invocation gives the child its own temporary directory, {@link SignalRun#temporaryDirectory()}
 * inside the run directory: a JVM child gets {@code -Djava.io.tmpdir}, every child gets
 * {@code TMPDIR}. {@link AbstractSignalRunAssert#shutDownCleanly()} fails a run that leaves
 * anything there.
 *
 * <h2>The moment</h2>
 * Exactly one of {@link #at()} (moments of the signaltest runtime, held exactly until the
 * signal lands), {@link #atLogEvent()} (a record in the cleanup log) or {@link #atOutput()}
 * (a line on stdout or stderr; with {@link #atOutputCount()}, the Nth such line). Several values of
 * {@code at} and of {@link #signal()} make a matrix: the method runs once per moment and signal.
 *
 * <h2>Argument sets</h2>
 * {@link #argSets()} runs the method once per set of arguments, each added after {@link #args()},
 * with the set's name in the invocation's display name:
 * <pre>{@code
 * @SignalTest(command = {"python3", "-u", "{moduleDir}/src/test/python/batch.py"},
 *             argSets = {@SignalTest.Args(name = "2 tasks, 3 slots", value = {"2", "3"}),
 *                        @SignalTest.Args(name = "3 tasks, 2 slots", value = {"3", "2"})},
 *             atOutput = "Task started", atOutputCount = 2)
 * }</pre>
 *
 * <h2>Composition</h2>
 * The annotation may be placed on an annotation type, so a team can name its own scenario:
 * <pre>{@code
 * @Retention(RUNTIME) @Target(METHOD)
 * @SignalTest(main = BatchApp.class, at = Moment.QUEUE_WAITING)
 * @interface CtrlCWhileQueued { }
 * }</pre>
 *
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(SignalTestExtension.class)
public @interface SignalTest {

    /** Configuration parameter: the default of {@link #momentTimeoutMillis()}. */
    String MOMENT_TIMEOUT_PROPERTY = "signaltest.moment.timeout.millis";
    /** Configuration parameter: the default of {@link #exitTimeoutMillis()}. */
    String EXIT_TIMEOUT_PROPERTY = "signaltest.exit.timeout.millis";
    /**
     * Configuration parameter: how long, in milliseconds, a program may run before its cleanup log begins (default
     * 15,000), when the moment is named by {@link #at()} or {@link #atLogEvent()}; under the agent, also how long until
     * it shows an executor the agent knows. A program that writes no log is told so then, with the ways to test it,
     * instead of at the moment deadline.
     */
    String LOG_TIMEOUT_PROPERTY = "signaltest.log.timeout.millis";
    /**
     * Configuration parameter: the directory under which each run's files are kept (default {@code target/signaltest}).
     */
    String OUTPUT_DIRECTORY_PROPERTY = "signaltest.output.directory";
    /**
     * Configuration parameter: {@code false} turns off the verdict table printed after a test run that included
     * {@code @SignalTest} scenarios, and the reports written beside it ({@code verdicts.txt}, {@code index.html}).
     * Default {@code true}.
     */
    String REPORT_TABLE_PROPERTY = "signaltest.report.table";
    /**
     * Configuration parameter: {@code false} keeps the run's files (timeline, log, output, report) out of the test's
     * report attachments (JUnit 5.12 and newer copy them into the reporting output directory); the report entry still
     * names the run directory. Default {@code true}.
     */
    String ATTACH_FILES_PROPERTY = "signaltest.report.attachFiles";
    /**
     * Configuration parameter: the program's main class (a class name on the test classpath), used when the annotation
     * names no program. This is how one scenario class, such as {@link StandardScenarios}, checks different programs.
     */
    String PROGRAM_MAIN_PROPERTY = "signaltest.program.main";
    /**
     * Configuration parameter: with {@value #PROGRAM_MAIN_PROPERTY}, the classpath the main class runs on (entries
     * separated by the platform's path separator, {@code dir/*} included), instead of the test classpath; the class is
     * then not looked up in the test JVM. This is how the console runner checks {@code --main CLASS --classpath CP}.
     */
    String PROGRAM_CLASSPATH_PROPERTY = "signaltest.program.classpath";
    /**
     * Configuration parameter: arguments of a program named by configuration, before the annotation's {@link #args()}:
     * a JSON array of strings, or words separated by spaces.
     */
    String PROGRAM_ARGS_PROPERTY = "signaltest.program.args";
    /** Configuration parameter: the program's runnable jar, used when the annotation names no program. */
    String PROGRAM_JAR_PROPERTY = "signaltest.program.jar";
    /**
     * Configuration parameter: the program's whole command, used when the annotation names no program: a JSON array of
     * strings ({@code ["{java}", "-jar", "app.jar"]}), or words separated by spaces.
     */
    String PROGRAM_COMMAND_PROPERTY = "signaltest.program.command";
    /**
     * Configuration parameter: options for the child JVM, separated by spaces, used when {@link #jvmArgs()} is empty
     * and the program is a main class or a jar. For example {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} makes many
     * short-lived children cheaper.
     */
    String PROGRAM_JVM_ARGS_PROPERTY = "signaltest.program.jvmArgs";
    /**
     * Configuration parameter: {@code true} runs every program named by a main class or a jar with the signaltest
     * agent, as {@link #agent()} does for one test. This is how {@link StandardScenarios} checks a program that does
     * not use the signaltest runtime.
     */
    String PROGRAM_AGENT_PROPERTY = "signaltest.program.agent";
    /**
     * Configuration parameter: {@code true} starts every program named by a main class with a class-data-sharing
     * archive of its classpath, which the first such child writes and later ones map, so that they start faster
     * (default {@code false}). The archive and jars of the classpath's directories (the JVM archives jars only, so each
     * child then runs on those jars) (and copies of its jars) are kept under {@code <output directory>/cds/}, in a
     * directory per JDK, JVM options and classpath content, read once per test JVM: a changed class gives the next test
     * JVM a new one. Children map it at the address it was made for where their JVM allows that
     * ({@code -XX:ArchiveRelocationMode=0}), instead of moving it and rewriting its pointers. A JVM that cannot use the
     * archive runs without it and says nothing on the child's output. See docs/benchmarks.md for what it saves.
     */
    String CLASS_DATA_SHARING_PROPERTY = "signaltest.program.classDataSharing";
    /**
     * Configuration parameter: the path of the signaltest agent's jar, when it is not on the test classpath as
     * {@code io.signaltest:signaltest-agent} (which signaltest-junit depends on).
     */
    String AGENT_JAR_PROPERTY = "signaltest.agent.jar";
    /**
     * Configuration parameter: for a program with several pools, the one whose moments the agent follows: its class
     * name, or the name prefix of its worker threads ({@code pool-2}). Default: the first pool to reach the moment.
     */
    String AGENT_FOLLOW_PROPERTY = "signaltest.agent.follow";

    /**
     * Configuration parameter: the moment of a method whose annotation names none (neither {@link #at()},
     * {@link #atLogEvent()} nor {@link #atOutput()}): a line of stdout or stderr in which this regular expression finds
     * a match, as {@link #atOutput()}. This is how {@link OutputScenarios} checks different programs.
     */
    String MOMENT_OUTPUT_PROPERTY = "signaltest.moment.output";
    /**
     * Configuration parameter: with {@value #MOMENT_OUTPUT_PROPERTY}, which matching line is the moment, as
     * {@link #atOutputCount()}; several counts separated by commas ({@code 1,2}) make a matrix, one invocation per
     * count. Default 1.
     */
    String MOMENT_OUTPUT_COUNT_PROPERTY = "signaltest.moment.output.count";

    /**
     * Configuration parameter: how many times each invocation runs when {@link #runs()} is 0 (default 1). For hunting
     * races across a whole suite: {@code -Dsignaltest.runs=200}.
     */
    String RUNS_PROPERTY = "signaltest.runs";
    /**
     * Configuration parameter: the jitter window in milliseconds when {@link #jitterMillis()} is 0 (default 0: every
     * signal at its moment).
     */
    String JITTER_PROPERTY = "signaltest.jitter.millis";
    /**
     * Configuration parameter: the seed of the first run of a series ({@code 0x} and 16 hex digits, or a decimal
     * number); run {@code n} has this seed + n - 1. Default: a new seed per test JVM, printed with the verdict table.
     * Giving the same seed again repeats the same series of delays.
     */
    String SEED_PROPERTY = "signaltest.seed";
    /**
     * Configuration parameter: replays one run: each invocation runs once, with this seed, so that its signals get the
     * same delays as the run whose seed it is (a failed run's message and the verdict table name its seed). Overrides
     * {@link #runs()} and {@value #RUNS_PROPERTY}; the jitter window must be the one of the run being replayed.
     */
    String REPLAY_PROPERTY = "signaltest.replay";

    /**
     * Configuration parameter: run only the invocations at these moments, named as in {@link Moment} and separated by
     * commas ({@code QUEUE_WAITING,DURING_CLEANUP}); a method none of whose invocations is selected is skipped, with
     * the reason. Unset, every moment runs.
     */
    String SELECTED_MOMENTS_PROPERTY = "signaltest.select.moments";
    /**
     * Configuration parameter: run only the invocations that deliver these signals ({@code INT,TERM}); like
     * {@value #SELECTED_MOMENTS_PROPERTY}. Unset, every signal runs.
     */
    String SELECTED_SIGNALS_PROPERTY = "signaltest.select.signals";

    /** A main class on the test classpath; the child runs it with this JVM's {@code java} and classpath. */
    Class<?> main() default void.class;

    /** A runnable jar, run as {@code java -jar <jar>} with this JVM's {@code java}. */
    String jar() default "";

    /**
     * A whole command, for programs that are not Java or not on the test classpath; never run through a shell. In any
     * element, {@code {java}} stands for this JVM's {@code java} executable and {@code {classpath}} for this JVM's
     * classpath: {@code command = {"{java}", "-cp", "{classpath}", "com.example.Main"}}.
     */
    String[] command() default {};

    /** Arguments after the main class, jar or command. */
    String[] args() default {};

    /**
     * Options for the child JVM, before the main class or {@code -jar}. Not allowed with {@link #command()}: write them
     * into the command, after {@code {java}}.
     */
    String[] jvmArgs() default {};

    /**
     * Environment variables for the child, each as {@code NAME=value}, added to this JVM's. The harness variables
     * ({@code SIGNALTEST_LOG}, {@code SIGNALTEST_HOLD}, {@code SIGNALTEST_CONTROL}) are the harness's own and cannot be
     * set here.
     */
    String[] env() default {};

    /**
     * Runs the child JVM with the signaltest agent ({@code -javaagent}), which writes the cleanup log and holds the
     * moments of {@link #at()} for a program that runs its tasks on {@code java.util.concurrent} executors instead of
     * the signaltest runtime, with no change to its code. Only for {@link #main()} and {@link #jar()}; with
     * {@link #command()}, put the {@code -javaagent} option into the command. Default: the configuration parameter
     * {@value #PROGRAM_AGENT_PROPERTY}, else false.
     *
     * <pre>{@code
     * @SignalTest(main = FixedPoolBatch.class, agent = true, at = Moment.QUEUE_WAITING,
     *             args = {"--tasks", "6", "--max-concurrent", "2"})
     * }</pre>
     */
    boolean agent() default false;

    /** The child's working directory, relative to this JVM's (default: this JVM's). */
    String workingDirectory() default "";

    /** Runtime moments at which to deliver the signal; several make a matrix. */
    Moment[] at() default {};

    /**
     * For {@link Moment#DURING_CLEANUP}: the moment of the first signal, whose cleanup the tested signal then
     * interrupts. Default {@link Moment#ALL_SLOTS_FULL}.
     */
    Moment firstSignalAt() default Moment.ALL_SLOTS_FULL;

    /** A custom moment: the first cleanup log record with this {@code event}. */
    String atLogEvent() default "";

    /** With {@link #atLogEvent()}: fields the record must have, each as {@code name=value}. */
    String[] atLogFields() default {};

    /**
     * A custom moment: the first line of stdout or stderr in which this regular expression finds a match (or the
     * {@link #atOutputCount()}th such line).
     */
    String atOutput() default "";

    /**
     * With {@link #atOutput()}: how many matching lines to wait for; the signal goes out after the last of them.
     * Default 1.
     */
    int atOutputCount() default 1;

    /**
     * Sets of arguments, each added after {@link #args()}; the method runs once per set (and per moment and signal).
     * Empty: one run with {@link #args()} alone.
     */
    Args[] argSets() default {};

    /** The signals to deliver; several make a matrix. Default SIGINT. */
    Signal[] signal() default {Signal.INT};

    /**
     * How many signals to deliver at the moment. Each after the child logged the previous one (the kernel merges a
     * signal that is still pending with a new one, so an unpaced burst cannot be counted); programs without a log get
     * them back to back.
     */
    int repeat() default 1;

    /**
     * How many times each invocation runs, each time with a new child (0: the configuration parameter
     * {@value #RUNS_PROPERTY}, else 1). Not to be confused with {@link #repeat()}, the number of signals within one
     * run. Each run is an invocation of its own ({@code QUEUE_WAITING, SIGINT, run 3 of 200}), and the verdict table
     * gives, per scenario, the number of runs, how many failed, and the seed of the first failed run. With
     * {@link #jitterMillis()}, this is how races are hunted:
     *
     * <pre>{@code
     * @SignalTest(main = BatchApp.class, at = Moment.ALL_SLOTS_FULL, runs = 200, jitterMillis = 30,
     *             args = {"--tasks", "12", "--max-concurrent", "2", "--task-millis", "4"})
     * }</pre>
     */
    int runs() default 0;

    /**
     * A window, in milliseconds, after the moment: each signal goes out at a random delay within it instead of at the
     * moment itself (0: the configuration parameter {@value #JITTER_PROPERTY}, else none). The delay is drawn from the
     * run's seed ({@value #SEED_PROPERTY}, {@value #REPLAY_PROPERTY}), so a failed run can be replayed with the same
     * delays. A child that holds the moment (the signaltest runtime) is first told to go on ({@code release} on its
     * standard input), and the delay counts from the end of the hold; so the signal lands between the designed states,
     * where races live. A run whose program exits before its delayed signal went out tested nothing, and is aborted
     * (counted apart in the verdict table). Not with {@link #agent()}, whose holds cannot be released.
     */
    long jitterMillis() default 0;

    /** Where the signal goes: the child's pid (default), or its process group as Ctrl+C does. */
    Delivery delivery() default Delivery.PROCESS;

    /** How long the child may take to reach the moment; 0 means the configured default (60 s). */
    long momentTimeoutMillis() default 0;

    /** How long the child may take to exit after the (last) signal; 0 means the configured default (60 s). */
    long exitTimeoutMillis() default 0;

    /**
     * One set of arguments of {@link SignalTest#argSets()}.
     *
     * <pre>{@code
     * @SignalTest.Args(name = "3 tasks, 2 slots", value = {"--tasks", "3", "--max-concurrent", "2"})
     * }</pre>
     *
     * @since 0.1
     */
    @Target({})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Args {
        /** The arguments, added after {@link SignalTest#args()}; placeholders as there. */
        String[] value();

        /** The name in the display name of the set's invocations; default: the arguments, separated by spaces. */
        String name() default "";
    }
}
