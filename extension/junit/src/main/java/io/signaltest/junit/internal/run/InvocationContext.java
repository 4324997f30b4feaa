package io.signaltest.junit.internal.run;

import io.signaltest.junit.Repetition;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.report.ReportEntries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/**
 * One invocation of a {@code @SignalTest} or {@code @ServiceTest} method as JUnit runs it: its display name, and the
 * callback that runs its child after the test's {@code @BeforeEach} methods (so that they can prepare what the program
 * needs) and before the test method, which then finds the run with {@link #recorded(ExtensionContext)}.
 */
public final class InvocationContext implements TestTemplateInvocationContext {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(InvocationContext.class);
    private static final String RUN = "run";
    private static final String CHILD = "child";
    private static final String DEFAULT_OUTPUT_DIRECTORY = "target/signaltest";

    private final Invocation invocation;
    /** Which run of a repeated scenario this is, or null for a scenario that runs once, at its moment. */
    private final Repetition repetition;

    private final boolean replay;

    public InvocationContext(Invocation invocation) {
        this(invocation, null, false);
    }

    /** One run of a repeated scenario, or the replay of one ({@value SignalTest#REPLAY_PROPERTY}). */
    InvocationContext(Invocation invocation, Repetition repetition, boolean replay) {
        this.invocation = invocation;
        this.repetition = repetition;
        this.replay = replay;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        return displayName();
    }

    private String displayName() {
        if (repetition == null) {
            return invocation.displayName();
        }
        return invocation.displayName()
                + (replay
                        ? ", replay of " + repetition.seedText()
                        : ", run " + repetition.run() + " of " + repetition.runs());
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
        if (repetition != null) {
            return List.of((BeforeTestExecutionCallback) this::runChild, new RepeatedRuns.ReplayHint(repetition));
        }
        return List.of((BeforeTestExecutionCallback) this::runChild);
    }

    /** The run of the current invocation, once its child has run; empty before, and outside an invocation. */
    public static Optional<SignalRun> recorded(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(RUN, SignalRun.class));
    }

    private void runChild(ExtensionContext context) {
        Path base = context.getConfigurationParameter(SignalTest.OUTPUT_DIRECTORY_PROPERTY)
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .orElse(Path.of(DEFAULT_OUTPUT_DIRECTORY));
        RunDirectory files = RunDirectory.prepare(
                base,
                context.getRequiredTestClass().getName(),
                context.getRequiredTestMethod().getName(),
                displayName());
        // The store closes the child (an AutoCloseable) when the invocation ends, however it ends.
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        try {
            SignalRun run = invocation.scenario().service().isPresent()
                    ? new ServiceHarness(invocation, files, child -> store.put(CHILD, child)).run()
                    : new Harness(invocation, repetition, files, child -> store.put(CHILD, child)).run();
            store.put(RUN, run);
            publish(context, files, RunEnd.summary(run), run);
        } catch (HarnessFailure failure) {
            publish(context, files, failure.summary(), failure.run().orElse(null));
            if (repetition != null) {
                failure.addSuppressed(new RepeatedRuns.Replay(repetition));
            }
            throw failure;
        } catch (RunAborted aborted) {
            publish(context, files, aborted.summary(), aborted.run());
            throw aborted;
        }
    }

    private void publish(ExtensionContext context, RunDirectory files, String summary, SignalRun run) {
        Map<String, String> entry = new LinkedHashMap<>();
        if (repetition != null) {
            RepeatedRuns.describe(entry, invocation, repetition, run);
        }
        entry.put(ReportEntries.DIRECTORY, files.path().toString());
        entry.put(ReportEntries.SUMMARY, summary);
        entry.put(ReportEntries.OUTCOME, run == null ? ReportEntries.NOT_STARTED : ReportEntries.RAN);
        if (run != null) {
            entry.put(ReportEntries.PID, Long.toString(run.pid()));
            entry.put(ReportEntries.EXIT_CODE, Integer.toString(run.exitCode()));
            entry.put(
                    ReportEntries.SIGNAL_TO_EXIT_MILLIS,
                    Long.toString(run.signalToExit().toMillis()));
            if (!run.warnings().isEmpty()) {
                entry.put(ReportEntries.WARNINGS, String.join("\n", run.warnings()));
            }
        }
        context.publishReportEntry(entry);
        attachFiles(context, files);
    }

    /**
     * Attaches the run's files to the test's report, as JUnit 5.12 and newer can (the Open Test Reporting format,
     * IDEs); older versions have the report entry with the directory only.
     */
    private static void attachFiles(ExtensionContext context, RunDirectory files) {
        if (!context.getConfigurationParameter(SignalTest.ATTACH_FILES_PROPERTY, Boolean::parseBoolean)
                .orElse(true)) {
            return;
        }
        for (String name : List.of(
                RunDirectory.TIMELINE,
                RunDirectory.LOG,
                RunDirectory.STDOUT,
                RunDirectory.STDERR,
                RunDirectory.THREAD_DUMP,
                RunDirectory.REPORT)) {
            Path file = files.file(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                context.publishFile(name, MediaType.TEXT_PLAIN_UTF_8, target -> Files.copy(file, target));
            } catch (LinkageError | RuntimeException notAvailable) {
                // JUnit before 5.12 has no publishFile, and a launcher without an output directory
                // (EngineTestKit, by default) refuses it: the files stay in the run directory, whose
                // path is in the report entry. Attaching must never fail, or hide the failure of, a test.
                return;
            }
        }
    }
}
