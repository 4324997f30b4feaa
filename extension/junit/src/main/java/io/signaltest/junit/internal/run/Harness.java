package io.signaltest.junit.internal.run;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.Delivery;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.internal.checks.RunWarnings;
import io.signaltest.junit.internal.log.LogLines;
import io.signaltest.junit.internal.log.LogTail;
import io.signaltest.junit.internal.log.Timeline;
import io.signaltest.junit.internal.process.ChildLauncher;
import io.signaltest.junit.internal.process.ChildProcess;
import io.signaltest.junit.internal.process.ClassDataSharing;
import io.signaltest.junit.internal.process.OutputCapture;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.process.ProcessGroup;
import io.signaltest.junit.internal.process.Progress;
import io.signaltest.junit.internal.process.Signals;
import io.signaltest.junit.internal.process.Supervisor;
import io.signaltest.junit.internal.process.ThreadDump;
import io.signaltest.junit.internal.report.RunReport;
import io.signaltest.runtime.Moment;
import io.signaltest.runtime.protocol.HarnessEnvironment;
import io.signaltest.runtime.protocol.LogEvents;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Runs one invocation of a {@code @SignalTest}: starts the child, waits for the moment, delivers the signal(s), waits
 * for the child to exit, and returns what it observed. No step is paced by a sleep: each waits for an event (a log
 * record, an output line, the exit) and has a long deadline that only ever fails the run.
 *
 * <h2>The handshake with the signaltest runtime</h2>
 *
 * The harness arms the moment ({@code SIGNALTEST_HOLD}); the runtime logs a {@code moment} record on reaching it and
 * holds its state; the harness sees the record, sends the signal, and waits for the child to log
 * {@code signal_received} before sending the next one. For {@code DURING_CLEANUP}, a first signal at
 * {@code firstSignalAt} starts the cleanup, and the runtime holds at the first cleanup until the tested signal lands.
 */
public final class Harness {

    /** The longest the harness sleeps between two looks at the log. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * How long the output pumps may take to drain after the child exited and what it left in its process group was
     * killed; only a descendant that left the group can hold the pipes that long.
     */
    private static final long OUTPUT_DRAIN_MILLIS = 2_000;

    private final Invocation invocation;
    private final Scenario scenario;
    private final RunDirectory files;
    private final Consumer<ChildProcess> onStart;
    private final Progress progress = new Progress();
    private final LogTail tail;

    private ChildProcess child;
    private long startNanos;
    private volatile long momentNanos = -1;
    private LogRecord momentRecord;
    private LogRecord runStarted;
    private volatile String matchedLine;
    /** What the current wait looks for in the log, and whether it came. */
    private Predicate<LogRecord> awaited;

    private boolean awaitedFound;
    private boolean runFinished;
    private LogRecord missedMoment;
    private OutputCapture matchedIn;
    private long matchedIndex = -1;
    private int matchesSeen;
    private boolean matchedAfterExit;
    private long stdoutLinesBeforeSignal;
    private long stderrLinesBeforeSignal;
    private final List<Long> sentNanos = new ArrayList<>();
    private int testedSent;
    private long exitNanos = -1;
    private int receipts;
    /** The {@code moment} records of DURING_CLEANUP logged so far. */
    private int cleanupHolds;
    /** The tested signals delivered while the harness waits for the hold of the next one, or 0. */
    private int awaitingRepeatHoldAfter;

    private int agentExecutors;
    /** The executors the agent saw used and cannot follow, with why: "class (detail)". */
    private final List<String> unsupportedExecutors = new ArrayList<>();
    /** Records of tasks (queued or started) seen in the log so far. */
    private int tasksSeen;
    /** What the current wait for the moment looks for, or null outside such a wait. */
    private Waiting waiting;

    private String threadDump;
    private List<String> leftBehind = List.of();

    /**
     * @param onStart receives the child as soon as it runs, so that the caller can tie its lifetime to the test (the
     *     harness also kills it on every way out of {@link #run()})
     */
    public Harness(Invocation invocation, RunDirectory files, Consumer<ChildProcess> onStart) {
        this.invocation = invocation;
        this.scenario = invocation.scenario();
        this.files = files;
        this.onStart = onStart;
        this.tail = new LogTail(files.file(RunDirectory.LOG));
    }

    /**
     * Runs the invocation to the child's exit.
     *
     * @throws HarnessFailure when the run did not go as the scenario requires
     */
    public RecordedRun run() {
        try {
            launch();
            reachMoment();
            deliverSignals();
            awaitExit();
            return finish(null);
        } catch (Stop stop) {
            return finish(stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finish(new Stop(
                    "The test thread was interrupted while the child ran; signaltest killed the child.",
                    "Expected the run to end on its own.",
                    "Look for what interrupted the test (a @Timeout, an IDE stop); the run itself is below.",
                    false));
        } finally {
            if (child != null) {
                child.close();
            }
            tail.close();
        }
    }

    // ---------------------------------------------------------------- steps

    private void launch() {
        Signals.prepare(); // in the background, so that the signal does not wait for it later
        boolean group = scenario.delivery() == Delivery.PROCESS_GROUP;
        if (Platform.kill().isEmpty()) {
            throw new ExtensionConfigurationException("@SignalTest delivers signals with the kill program, which is "
                    + "not in /bin, /usr/bin or /usr/local/bin: install procps (or util-linux) on this machine.");
        }
        if (group && !Supervisor.available()) {
            throw new ExtensionConfigurationException("@SignalTest `delivery = PROCESS_GROUP` starts the child through "
                    + "the setsid program, which is not in /bin, /usr/bin or /usr/local/bin: install util-linux, "
                    + "or use delivery = Delivery.PROCESS.");
        }
        String runDirectory = files.path().toAbsolutePath().toString();
        java.nio.file.Path temp = ChildTemp.create(files);
        ClassDataSharing.Launch sharing = scenario.classDataSharing()
                ? ClassDataSharing.prepare(
                        files.base(), ChildLauncher.classpath(scenario.program()), scenario.jvmArgs())
                : ClassDataSharing.Launch.plain(ChildLauncher.classpath(scenario.program()));
        List<String> program = ChildTemp.withJavaTempDirectory(
                        scenario.program(),
                        invocation.arguments().appendTo(ChildLauncher.programCommand(scenario, sharing, files.base())),
                        temp)
                .stream()
                .map(element -> element.replace(ChildLauncher.RUN_DIRECTORY_PLACEHOLDER, runDirectory))
                .toList();
        Map<String, String> environment = new LinkedHashMap<>();
        scenario.env()
                .forEach((name, value) ->
                        environment.put(name, value.replace(ChildLauncher.RUN_DIRECTORY_PLACEHOLDER, runDirectory)));
        environment.put(HarnessEnvironment.LOG, files.file(RunDirectory.LOG).toString());
        environment.put(HarnessEnvironment.HOLD, invocation.holds());
        environment.put(HarnessEnvironment.CONTROL, HarnessEnvironment.CONTROL_STDIN);
        environment.put(
                HarnessEnvironment.HARNESS_PID,
                Long.toString(ProcessHandle.current().pid()));
        ChildTemp.setTmpdir(environment, temp);
        ChildLauncher.Request request = new ChildLauncher.Request(
                program,
                environment,
                scenario.workingDirectory(),
                group,
                files.file(RunDirectory.STDOUT),
                files.file(RunDirectory.STDERR),
                progress,
                sharing.onExit());
        startNanos = System.nanoTime();
        try {
            child = ChildLauncher.start(request);
        } catch (IOException e) {
            String message =
                    "signaltest could not start the program under test: " + e.getMessage() + System.lineSeparator()
                            + "Expected it to start with: " + String.join(" ", program) + System.lineSeparator()
                            + "What to do: check that the program exists and is executable, and the working directory "
                            + scenario.workingDirectory().map(Object::toString).orElse("(this JVM's)") + ".";
            files.write(RunDirectory.REPORT, message + System.lineSeparator());
            String summary = "could not start the program under test: " + e.getMessage();
            new RunFacts(0, -1, signalName(), momentName(), startNanos, -1, List.of(), -1, -1, null, summary)
                    .write(files);
            throw new HarnessFailure(message, summary, null);
        }
        files.write(
                RunDirectory.COMMAND, String.join(System.lineSeparator(), child.command()) + System.lineSeparator());
        onStart.accept(child);
    }

    private void reachMoment() throws InterruptedException {
        MomentTarget target = invocation.moment();
        if (target instanceof MomentTarget.RuntimeMoment runtime) {
            if (runtime.duringCleanup()) {
                awaitRuntimeMoment(runtime.firstSignalAt(), " (where the first " + signalName() + " goes)");
                send();
                awaitRuntimeMoment(Moment.DURING_CLEANUP, "");
            } else {
                awaitRuntimeMoment(runtime.moment(), "");
            }
        } else if (target instanceof MomentTarget.LogEvent event) {
            awaitMomentOrStop(
                    recordMatching(event::matches),
                    "log a " + event.event() + " record" + (event.fields().isEmpty() ? "" : " with " + event.fields()),
                    "logging such a record",
                    "check that the program writes that record to the cleanup log at SIGNALTEST_LOG, "
                            + "and that atLogEvent and atLogFields spell it as the log does");
        } else if (target instanceof MomentTarget.OutputLine output) {
            awaitMomentOrStop(
                    outputMatching(output),
                    "print a line matching /" + output.pattern().pattern() + "/",
                    "printing such a line",
                    "check that the program prints that line on stdout or stderr (and flushes it), "
                            + "and that the regular expression of atOutput matches it");
        }
    }

    private void awaitRuntimeMoment(Moment moment, String role) throws InterruptedException {
        BooleanSupplier reached = recordMatching(r -> r.is(LogEvents.MOMENT)
                && r.text("moment").map(moment.name()::equals).orElse(false));
        long start = System.nanoTime();
        Waiting wait = new Waiting(
                "reach " + moment + role,
                "reaching " + moment,
                "check that the program runs its tasks with the signaltest runtime (TaskRunner) or under the agent, "
                        + "and that its arguments lead through " + moment + " (" + describe(moment) + ")");
        waiting = wait;
        awaitLogStart(moment.name(), reached);
        awaitMomentOrStop(
                reached,
                wait.goal(),
                wait.gerund(),
                wait.todo(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * The first part of a wait for a moment that the cleanup log names: within the log deadline the log must begin, and
     * under the agent show an executor the agent knows. A program that writes no log, or whose tasks the agent cannot
     * see, never reaches the moment: say so within seconds, not at the end of the moment deadline. The harness looks,
     * not the child: a timer in the child would be a thread the program can see.
     */
    private void awaitLogStart(String moment, BooleanSupplier reached) throws InterruptedException {
        long deadline = Math.min(scenario.logTimeoutMillis(), scenario.momentTimeoutMillis());
        // the moment's matcher is already set: the records read here are the moment's wait's too
        boolean shown = await(
                () -> reached.getAsBoolean()
                        || agentExecutors > 0
                        || (runStarted != null && !writtenByAgent(runStarted))
                        || (runStarted == null && tail.recordCount() > 0),
                deadline,
                false);
        if (shown || !child.isAlive()) {
            return; // an exit is for the wait for the moment to report
        }
        if (tail.recordCount() == 0) {
            throw new Stop(
                    "The child has run for " + deadline + " ms and written no cleanup log, so it cannot reach " + moment
                            + ".",
                    "Expected the program to write the cleanup log at SIGNALTEST_LOG, which is how signaltest sees its "
                            + "tasks and holds it at " + moment + ".",
                    "Test it one of three ways: (1) run its tasks with the signaltest runtime (TaskRunner, see "
                            + "docs/getting-started.md); (2) for a JVM program on java.util.concurrent "
                            + "executors, run it "
                            + "under the signaltest agent: @SignalTest(agent = true), or `check --agent`; (3) name the "
                            + "moment by a line it prints: @SignalTest(atOutput = \"...\"), or `check "
                            + "--at-output REGEX`. "
                            + "If it only starts slowly, raise the configuration parameter "
                            + SignalTest.LOG_TIMEOUT_PROPERTY
                            + ".",
                    true);
        }
        String unsupported = unsupportedExecutors.isEmpty()
                ? ""
                : " It saw the program run tasks on " + String.join(" and on ", unsupportedExecutors) + ".";
        throw new Stop(
                "The child's run cannot reach " + moment + ": the agent saw no executor or semaphore in " + deadline
                        + " ms." + unsupported,
                "Expected the program to run its tasks on an executor the agent knows: "
                        + "java.util.concurrent.ThreadPoolExecutor and its subclasses (Executors.newFixedThreadPool, "
                        + "newCachedThreadPool, newScheduledThreadPool), or virtual threads limited by a "
                        + "java.util.concurrent.Semaphore (Java 21 or newer).",
                (unsupportedExecutors.isEmpty()
                                ? ""
                                : "Run those tasks on a ThreadPoolExecutor (Executors.newFixedThreadPool; for "
                                        + "CompletableFuture, pass it as the executor: supplyAsync(task, pool)), or "
                                        + "test the program as it is with atOutput. ")
                        + "For a program that runs its tasks another way, use atOutput (or atLogEvent) instead of "
                        + "at; if it only creates its executor late, raise the configuration parameter "
                        + SignalTest.LOG_TIMEOUT_PROPERTY + ".",
                true);
    }

    private static boolean writtenByAgent(LogRecord runStarted) {
        return runStarted.text("writer").map("agent"::equals).orElse(false);
    }

    private void awaitMomentOrStop(BooleanSupplier reached, String goal, String gerund, String todo)
            throws InterruptedException {
        awaitMomentOrStop(reached, goal, gerund, todo, 0);
    }

    /** As above, when {@code waitedMillis} of the moment deadline have been spent already. */
    private void awaitMomentOrStop(BooleanSupplier reached, String goal, String gerund, String todo, long waitedMillis)
            throws InterruptedException {
        long timeout = scenario.momentTimeoutMillis();
        waiting = new Waiting(goal, gerund, todo);
        boolean found = await(reached, Math.max(0, timeout - waitedMillis), false);
        waiting = null;
        if (found) {
            return;
        }
        if (child.isAlive()) {
            throw new Stop(
                    "The child did not " + goal + " within " + timeout + " ms (the moment deadline).",
                    "Expected it to " + goal + ", where " + signalName() + " was to be delivered.",
                    "See the thread dump below (for a JVM) for where it waits; " + todo
                            + "; raise momentTimeoutMillis (or the configuration parameter "
                            + SignalTest.MOMENT_TIMEOUT_PROPERTY + ") only if the program is merely slow.",
                    true);
        }
        throw exitedBefore(new Waiting(goal, gerund, todo));
    }

    /** What a wait for the moment looks for, in the words of its failure messages. */
    private record Waiting(String goal, String gerund, String todo) {}

    /** The child has exited before the moment: say how, with the reason when its stderr gives one. */
    private Stop exitedBefore(Waiting wait) {
        exited();
        Optional<StartFailure.Reason> cannotStart = StartFailure.of(
                child.exitCode(), String.join("\n", child.stderr().captured().tail()));
        if (cannotStart.isPresent()) {
            return new Stop(
                    "The program could not start: " + cannotStart.get().reason() + " (exit code " + child.exitCode()
                            + ").",
                    "Expected it to start and " + wait.goal() + ", where " + signalName() + " was to be delivered.",
                    cannotStart.get().todo() + "; its stderr is below.",
                    false);
        }
        boolean noLog = tail.recordCount() == 0 && invocation.moment() instanceof MomentTarget.RuntimeMoment;
        boolean noTask = tasksSeen == 0 && runStarted != null;
        String todo = noTask && child.exitCode() != 0
                ? "Read its stderr below: it ended before it ran any task, as a program does when it rejects its "
                        + "arguments or fails at start. Check the arguments in the command below (the "
                        + "test's args; with the "
                        + "console runner, --workload-args maps the workload options to the program's "
                        + "own, or drops them)."
                : "Read its stderr below; " + wait.todo() + ".";
        return new Stop(
                "The child exited with code " + child.exitCode() + " before " + wait.gerund()
                        + (noTask ? ", before it ran any task" : "") + ".",
                "Expected it to " + wait.goal() + ", where " + signalName() + " was to be delivered.",
                todo
                        + (noLog
                                ? " It wrote no cleanup log: moments named by `at` need a program on the signaltest "
                                        + "runtime or under the agent; for other programs, name the "
                                        + "moment with atOutput or atLogEvent."
                                : ""),
                false);
    }

    private void deliverSignals() throws InterruptedException {
        int repeat = scenario.repeat();
        for (int i = 1; i <= repeat; i++) {
            if (!child.isAlive()) {
                throw i == 1 ? exitedAtTheMoment() : exitedBeforeAllSignals(i - 1);
            }
            send();
            testedSent++;
            if (runStarted != null && i < repeat && childHoldsRepeats()) {
                awaitRepeatHold(i);
            } else if (runStarted != null && i < repeat) {
                int sent = sentNanos.size();
                boolean received = await(() -> receipts >= sent, scenario.exitTimeoutMillis(), true);
                if (!received && child.isAlive()) {
                    throw hangsAfterSignal();
                }
            }
        }
    }

    /**
     * Whether the child arms a DURING_CLEANUP hold for every repeated signal: its {@code run_started} lists them among
     * its holds. A log written without holds gets each next signal once the previous one is logged instead.
     */
    private boolean childHoldsRepeats() {
        Object holds = runStarted.fields().get("holds");
        long cleanupHoldsArmed = holds instanceof List<?> list
                ? list.stream().filter("DURING_CLEANUP"::equals).count()
                : 0;
        return cleanupHoldsArmed >= invocation.repeatHoldsBefore(scenario.repeat());
    }

    /** Waits until the child holds a cleanup in progress for the signal after the {@code delivered}th. */
    private void awaitRepeatHold(int delivered) throws InterruptedException {
        int needed = invocation.repeatHoldsBefore(delivered + 1);
        awaitingRepeatHoldAfter = delivered;
        boolean held = await(() -> cleanupHolds >= needed, scenario.exitTimeoutMillis(), true);
        awaitingRepeatHoldAfter = 0;
        if (!held && child.isAlive()) {
            throw hangsAfterSignal();
        }
    }

    private void awaitExit() throws InterruptedException {
        await(() -> false, scenario.exitTimeoutMillis(), true);
        if (child.isAlive()) {
            throw hangsAfterSignal();
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until {@code reached}, the child's exit or the deadline, reading the log and the output as they come.
     * Returns whether {@code reached} became true.
     */
    private boolean await(BooleanSupplier reached, long timeoutMillis, boolean wakeOnExit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            readLog();
            if (reached.getAsBoolean()) {
                return true;
            }
            if (!child.isAlive()) {
                exited();
                return reached.getAsBoolean();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long wait = Math.min(POLL_NANOS, left);
            if (wakeOnExit) {
                child.awaitExit(wait);
            } else {
                progress.await(wait);
            }
        }
    }

    /** The child has exited: note when, let the output drain, and read the rest of the log. */
    private void exited() {
        if (exitNanos < 0) {
            exitNanos = System.nanoTime();
            leftBehind = child.killLeftovers().stream()
                    .map(ProcessGroup.Member::toString)
                    .toList();
            child.awaitOutput(OUTPUT_DRAIN_MILLIS);
        }
        readLog();
    }

    /**
     * Hands the records the child logged since the last look to {@link #observe}, one at a time, keeping none: the
     * harness's memory does not grow with the log.
     */
    private void readLog() {
        tail.poll(this::observe);
        if (missedMoment != null && runFinished && tasksSeen == 0 && waiting != null) {
            // The program ended before it ran any task (a rejected argument, an early error): its exit
            // says more than the moment it missed. The log ends as the JVM exits; its exit follows.
            Waiting wait = waiting;
            waiting = null;
            missedMoment = null; // said by the exit instead
            awaitExitQuietly();
            if (!child.isAlive()) {
                throw exitedBefore(wait);
            }
        }
        if (missedMoment != null) {
            throw awaitingRepeatHoldAfter > 0
                    ? endedBeforeAllSignals(awaitingRepeatHoldAfter)
                    : momentMissed(missedMoment);
        }
        tail.firstError().ifPresent(bad -> {
            throw bad.unreadableVersion() ? unreadableVersion(bad.getMessage()) : invalidLine(bad.getMessage());
        });
    }

    /** Waits, within the exit deadline, for a child that has logged the end of its run to exit. */
    private void awaitExitQuietly() {
        try {
            child.awaitExit(TimeUnit.MILLISECONDS.toNanos(scenario.exitTimeoutMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes what the harness needs from one record; false once the current wait's record has come. */
    private boolean observe(LogRecord record) {
        if (record.is(LogEvents.TASK_QUEUED) || record.is(LogEvents.TASK_STARTED)) {
            tasksSeen++;
        }
        if (record.is(LogEvents.SIGNAL_RECEIVED)) {
            receipts++;
        } else if (record.is(LogEvents.MOMENT)
                && record.text("moment").filter("DURING_CLEANUP"::equals).isPresent()) {
            cleanupHolds++;
        } else if (record.is(LogEvents.EXECUTOR_SEEN)) {
            agentExecutors++;
        } else if (record.is(LogEvents.EXECUTOR_UNSUPPORTED)) {
            unsupportedExecutors.add(record.text("class").orElse("?")
                    + record.text("detail").map(d -> " (" + d + ")").orElse(""));
        } else if (record.is(LogEvents.RUN_STARTED) && runStarted == null) {
            runStarted = record;
            Object signals = record.fields().get("signals");
            if (signals instanceof Map<?, ?> dispositions
                    && "inherited-ignored"
                            .equals(dispositions.get(invocation.signal().name()))) {
                throw ignored("its cleanup log says so: run_started has signals."
                        + invocation.signal().name() + " = inherited-ignored");
            }
        } else if (record.is(LogEvents.RUN_FINISHED)) {
            runFinished = true;
        } else if (record.is(LogEvents.MOMENT_MISSED) && missedMoment == null) {
            // Decided once the records read with it are in: run_finished right after it means the run is over.
            missedMoment = record;
        } else if (record.is(LogEvents.HOLD_UNKNOWN)) {
            throw new Stop(
                    "The child's runtime does not know the moment "
                            + record.text("moment").orElse("?") + " that signaltest asked it to hold at.",
                    "Expected the runtime to understand every moment of this signaltest version.",
                    "Use the same version of signaltest-runtime in the program as of signaltest-junit in the tests.",
                    false,
                    List.of(record));
        }
        if (awaited != null && !awaitedFound && awaited.test(record)) {
            awaitedFound = true;
            momentRecord = record;
            momentNanos = System.nanoTime();
            return false; // the records after it belong to the next wait
        }
        return true;
    }

    private Stop momentMissed(LogRecord record) {
        String missed = record.text("moment").orElse("the moment");
        // The runtime says so at the start when the task count rules the moment out; the run then
        // goes on, and there is nothing to wait for. At the end of a run, the child exits by itself.
        boolean runOver = runFinished;
        Stop stop = new Stop(
                "The child's run " + (runOver ? "ended without reaching " : "cannot reach ") + missed
                        + ": the runtime logged moment_missed ("
                        + record.text("detail").orElse("no detail") + ").",
                "Expected the run to pass through " + missed + ", where " + signalName() + " was to be delivered.",
                "Change the program's arguments so that its run passes through " + missed
                        + (missed.equals("DURING_CLEANUP")
                                ? " (a task must be running when the first signal lands)"
                                : " (" + describeName(missed) + ")")
                        + ".",
                false,
                List.of(record));
        return runOver ? stop.lettingItExit() : stop;
    }

    private Stop invalidLine(String error) {
        return new Stop(
                "The child's cleanup log has a line that is not a valid record: " + error,
                "Expected one JSON object per line, with v, seq, t_ns and event (see docs/log-format.md); "
                        + "only a last line cut short by a kill may be incomplete.",
                "Fix the code that writes the log: write each record as one whole line, ending in a newline.",
                false);
    }

    private Stop unreadableVersion(String error) {
        return new Stop(
                "The child's cleanup log is in a format this signaltest does not read: " + error,
                "Expected records of log format " + LogLines.versions() + " (the \"v\" field of each record).",
                LogLines.versionAdvice(),
                false);
    }

    /** Starts a wait for the first record from here on that {@code matches}; it becomes the moment record. */
    private BooleanSupplier recordMatching(Predicate<LogRecord> matches) {
        awaited = matches;
        awaitedFound = false;
        return () -> awaitedFound;
    }

    /**
     * Starts watching stdout and stderr for the first line that matches the moment; each capture replays the lines it
     * already had, so none is missed.
     */
    private BooleanSupplier outputMatching(MomentTarget.OutputLine output) {
        for (OutputCapture capture : List.of(child.stdout(), child.stderr())) {
            capture.watch(line -> matchOutput(output, capture, line));
        }
        return () -> matchedLine != null;
    }

    /** One line of {@code capture}: the moment when it is the {@code count}th line that matches. */
    private void matchOutput(MomentTarget.OutputLine output, OutputCapture capture, String line) {
        synchronized (this) {
            if (matchedLine == null && output.matches(line) && ++matchesSeen == output.count()) {
                matchedIn = capture;
                matchedIndex = capture.currentLine();
                matchedAfterExit = exitNanos >= 0;
                momentNanos = System.nanoTime();
                matchedLine = line;
                progress.changed();
            }
        }
    }

    // ---------------------------------------------------------------- signals

    private void send() {
        Signal signal = invocation.signal();
        if (sentNanos.isEmpty()) {
            checkNotIgnored(signal);
            stdoutLinesBeforeSignal = child.stdout().lineCount();
            stderrLinesBeforeSignal = child.stderr().lineCount();
        }
        long before = System.nanoTime();
        // Every child leads its own group (see Supervisor); only PROCESS_GROUP delivery signals all of it.
        boolean toGroup = scenario.delivery() == Delivery.PROCESS_GROUP;
        Signals.KillResult result = Signals.send(signal, child.pid(), toGroup);
        if (!result.delivered()) {
            if (!child.isAlive()) {
                throw testedSent == 0 ? exitedAtTheMoment() : exitedBeforeAllSignals(testedSent);
            }
            throw new Stop(
                    "signaltest could not deliver " + signalName() + " to the child: " + result.detail(),
                    "Expected kill to deliver the signal to pid " + child.pid()
                            + (toGroup ? " (its process group)" : "") + ".",
                    "Check that the test JVM may signal its children (same user, no seccomp or container policy "
                            + "that forbids kill).",
                    true);
        }
        sentNanos.add(before);
    }

    private void checkNotIgnored(Signal signal) {
        if (runStarted != null) {
            return; // checked against the runtime's own report in observe()
        }
        if (Signals.ignores(child.pid(), signal).orElse(false)) {
            throw ignored("/proc/" + child.pid() + "/status lists it in SigIgn");
        }
    }

    private Stop ignored(String evidence) {
        String name = signalName();
        String reset = Platform.defaultSignalsPrefix().isEmpty()
                ? " This machine's env does not support --default-signal (GNU coreutils 8.31 or newer), so the child "
                        + "inherited the test JVM's dispositions: the test JVM itself was started with " + name
                        + " ignored."
                : " signaltest started it through env --default-signal=" + Platform.DEFAULT_SIGNALS
                        + ", so the ignoring comes from the command under test itself.";
        return new Stop(
                "The child has " + name + " ignored (inherited as ignored), so " + name + " cannot reach it: "
                        + evidence + "." + reset,
                "Expected the child to have the default disposition of " + name + ", so that its handler runs.",
                "Remove what ignores " + name + " between the harness and the program (" + ignorers()
                        + "), or reset it " + "right before Java starts: exec env --default-signal="
                        + invocation.signal().name() + " java ....",
                false);
    }

    /**
     * What commonly ignores the scenario's signal: nohup ignores only SIGHUP, a background job of a script only SIGINT.
     */
    private String ignorers() {
        String signal = invocation.signal().name();
        String trap = "a `trap '' " + signal + "` in a wrapper script";
        return switch (signal) {
            case "INT" -> trap + ", a job started with & by a non-interactive shell";
            case "HUP" -> trap + ", nohup";
            default -> trap;
        };
    }

    private Stop hangsAfterSignal() {
        String receipt = runStarted != null && receipts == 0 ? " It did not even log receiving the signal." : "";
        return new Stop(
                "The child did not exit within " + scenario.exitTimeoutMillis() + " ms after " + signalName()
                        + " (it hangs after the signal)." + receipt,
                "Expected it to cancel its tasks, finish its cleanup and exit after " + signalName() + " at "
                        + momentName() + ".",
                "See the thread dump below (for a JVM) for the thread that does not finish: a task that "
                        + "ignores interruption, "
                        + "a cleanup that blocks, a non-daemon thread that keeps the JVM alive; raise "
                        + "exitTimeoutMillis (or the "
                        + "configuration parameter " + SignalTest.EXIT_TIMEOUT_PROPERTY + ") only if the shutdown "
                        + "legitimately takes longer.",
                true);
    }

    private Stop exitedAtTheMoment() {
        String buffered = matchedIn != null
                ? " If the line came only as the program exited, its output is buffered: flush after each line"
                        + " (for Python, run it with -u or print(..., flush=True))."
                : "";
        return new Stop(
                "The child exited with code " + exitCode() + " at " + momentName() + ", before " + signalName()
                        + " could be delivered.",
                "Expected it to still run at " + momentName() + " when the signal arrived.",
                "Read its output below: the program ends at that moment on its own; choose a moment at which it "
                        + "is still running." + buffered,
                false);
    }

    private Stop exitedBeforeAllSignals(int delivered) {
        int repeat = scenario.repeat();
        return new Stop(
                "The child exited with code " + exitCode() + " after " + delivered + " of the " + repeat + " "
                        + signalName() + "s, so the other " + (repeat - delivered) + " could not be delivered.",
                "Expected it to still run when each signal arrived (repeat = " + repeat
                        + "; each signal goes out once the child logged the previous one).",
                "Give the scenario a shutdown that lasts until every signal has arrived (for example a cleanup that "
                        + "takes longer), or lower `repeat`.",
                false);
    }

    /** The run logged its end without reaching the hold at which the next repeated signal was due. */
    private Stop endedBeforeAllSignals(int delivered) {
        int repeat = scenario.repeat();
        return new Stop(
                        "The child's run ended after " + delivered + " of the " + repeat + " " + signalName()
                                + "s: it logged run_finished with no cleanup left in progress for the "
                                + "next one, so the other "
                                + (repeat - delivered) + " could not be delivered.",
                        "Expected a cleanup to still be in progress when each signal was due (repeat = " + repeat
                                + ").",
                        "Read the log below: a signal that ends the cleanups at once (a \"force quit\") "
                                + "leaves nothing for the "
                                + "next one; lower `repeat` to test it.",
                        false,
                        List.of(missedMoment))
                .lettingItExit();
    }

    // ---------------------------------------------------------------- the result

    private RecordedRun finish(Stop stop) {
        if (stop != null && child != null && child.isAlive() && stop.letExit) {
            try {
                child.awaitExit(TimeUnit.MILLISECONDS.toNanos(scenario.exitTimeoutMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String killed = "";
        if (stop != null && child != null && child.isAlive()) {
            boolean jvm = ThreadDump.isJvm(child.pid());
            if (stop.threadDump && jvm) {
                threadDump = ThreadDump.take(child.pid()).orElse(null);
            }
            child.kill();
            killed = threadDump != null
                    ? " signaltest took a thread dump of it (below) and killed it."
                    : stop.threadDump && jvm
                            ? " signaltest killed it (jcmd could not take a thread dump of it)."
                            : " signaltest killed it.";
        }
        if (child != null && !child.isAlive()) {
            try {
                exited();
            } catch (Stop late) {
                stop = stop == null ? late : stop;
            }
        }
        // Created with the child's umask (the log) or before the files were complete, inside a private directory.
        for (String name : List.of(RunDirectory.LOG, RunDirectory.STDOUT, RunDirectory.STDERR)) {
            files.restrict(name);
        }
        CleanupLog log = CleanupLog.read(files.file(RunDirectory.LOG));
        if (stop == null && !log.errors().isEmpty()) {
            stop = invalidLine(log.errors().get(0));
        }
        RecordedRun run = new RecordedRun(
                child.command(),
                child.pid(),
                exitCode(),
                invocation.signal(),
                testedSent,
                momentName(),
                log,
                child.stdout().captured(),
                child.stderr().captured(),
                startToMoment(),
                signalToReceipt(log),
                signalToExit(),
                files.path(),
                leftBehind,
                stdoutLinesBeforeSignal,
                stderrLinesBeforeSignal,
                RunWarnings.of(child.stderr().captured(), bufferedMomentLine()));
        List<LogRecord> marked = new ArrayList<>();
        run.momentRecord().ifPresent(marked::add);
        if (momentRecord != null && !marked.contains(momentRecord)) {
            marked.add(momentRecord);
        }
        marked.addAll(log.records(LogEvents.SIGNAL_RECEIVED));
        if (stop != null) {
            marked.addAll(stop.marked);
        }
        files.write(RunDirectory.TIMELINE, Timeline.render(log.records(), marked));
        if (threadDump != null) {
            files.write(RunDirectory.THREAD_DUMP, threadDump);
        }
        facts(stop == null ? null : stop.getMessage() + killed).write(files);
        String nl = System.lineSeparator();
        if (stop == null) {
            files.write(
                    RunDirectory.REPORT,
                    summary(run) + nl + RunWarnings.describe(run) + RunReport.describe(run, marked));
            return run;
        }
        StringBuilder message = new StringBuilder();
        message.append(stop.getMessage())
                .append(killed)
                .append(nl)
                .append(stop.expected)
                .append(nl)
                .append("What to do: ")
                .append(stop.todo)
                .append(nl)
                .append(RunWarnings.describe(run))
                .append(RunReport.describe(run, marked));
        if (threadDump != null) {
            message.append("thread dump of the child (also in " + RunDirectory.THREAD_DUMP + "):")
                    .append(nl)
                    .append(indent(threadDump));
        }
        files.write(RunDirectory.REPORT, message.toString());
        throw new HarnessFailure(message.toString(), stop.getMessage() + killed, run);
    }

    /** What the harness saw of the run, on the monotonic clock, for the report's picture. */
    private RunFacts facts(String failure) {
        return new RunFacts(
                child.pid(),
                exitCode(),
                signalName(),
                momentName(),
                startNanos,
                momentNanos,
                sentNanos,
                exitNanos,
                clockOrigin().orElse(-1L),
                matchedLine,
                failure);
    }

    /** One line for the test report: what was sent where, and how the child ended. */
    public static String summary(RecordedRun run) {
        StringBuilder s = new StringBuilder();
        s.append(run.signal().displayName());
        if (run.signalsSent() > 1) {
            s.append(" x").append(run.signalsSent());
        }
        s.append(" at ")
                .append(run.moment())
                .append(": pid ")
                .append(run.pid())
                .append(" exited with code ")
                .append(run.exitCode())
                .append(", ")
                .append(run.signalToExit().toMillis())
                .append(" ms after the signal");
        return s.toString();
    }

    /** The warning that the output moment's line came only as the child exited, if it did. */
    private Optional<String> bufferedMomentLine() {
        if (matchedIn == null || !(matchedAfterExit || matchedIn.cameWithTheEnd(matchedIndex))) {
            return Optional.empty();
        }
        return Optional.of(RunWarnings.bufferedOutput(matchedLine, matchedIn == child.stdout() ? "stdout" : "stderr"));
    }

    private int exitCode() {
        return child.isAlive() ? -1 : child.exitCode();
    }

    private Duration startToMoment() {
        if (momentNanos < 0) {
            return Duration.ZERO;
        }
        Optional<Long> origin = clockOrigin();
        if (momentRecord != null && origin.isPresent()) {
            return Duration.ofNanos(Math.max(0, origin.get() + momentRecord.tNanos() - startNanos));
        }
        return Duration.ofNanos(momentNanos - startNanos);
    }

    /** From the first tested signal's send to the child's record of its receipt, on the shared monotonic clock. */
    private Optional<Duration> signalToReceipt(CleanupLog log) {
        int firstTested = sentNanos.size() - testedSent;
        Optional<Long> origin = clockOrigin();
        List<LogRecord> receipts = log.records(LogEvents.SIGNAL_RECEIVED);
        if (testedSent == 0 || origin.isEmpty() || receipts.size() <= firstTested) {
            return Optional.empty();
        }
        long received = origin.get() + receipts.get(firstTested).tNanos();
        long nanos = received - sentNanos.get(firstTested);
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    private Duration signalToExit() {
        if (sentNanos.isEmpty() || exitNanos < 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(exitNanos - sentNanos.get(0));
    }

    private Optional<Long> clockOrigin() {
        if (runStarted == null) {
            return Optional.empty();
        }
        Object origin = runStarted.fields().get("clock_origin_ns");
        return origin instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    private String signalName() {
        return invocation.signal().displayName();
    }

    private String momentName() {
        return invocation.moment().displayName();
    }

    private static String describe(Moment moment) {
        return describeName(moment.name());
    }

    private static String describeName(String moment) {
        switch (moment) {
            case "BEFORE_START":
                return "every run passes through it";
            case "BELOW_LIMIT":
                return "fewer tasks than maxConcurrent, or tasks that end at different times";
            case "ALL_SLOTS_FULL":
                return "exactly maxConcurrent tasks running and none queued: as many tasks as slots";
            case "QUEUE_WAITING":
                return "more tasks than maxConcurrent, so that one waits for a slot";
            case "DURING_CLEANUP":
                return "a task running when the first signal lands, so that its cleanup starts";
            default:
                return "see the Moment documentation";
        }
    }

    private static String indent(String text) {
        StringBuilder s = new StringBuilder();
        text.lines().forEach(line -> s.append("    ").append(line).append(System.lineSeparator()));
        return s.toString();
    }

    /** Ends the run early with a failure; carries the three parts of the message. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final String expected;
        final String todo;
        final boolean threadDump;
        final transient List<LogRecord> marked;
        boolean letExit;

        Stop(String happened, String expected, String todo, boolean threadDump) {
            this(happened, expected, todo, threadDump, List.of());
        }

        Stop(String happened, String expected, String todo, boolean threadDump, List<LogRecord> marked) {
            super(happened, null, false, false);
            this.expected = expected;
            this.todo = todo;
            this.threadDump = threadDump;
            this.marked = marked;
        }

        /** The child ends on its own after this (it logged that its run is over): wait for its exit code. */
        Stop lettingItExit() {
            letExit = true;
            return this;
        }
    }
}
