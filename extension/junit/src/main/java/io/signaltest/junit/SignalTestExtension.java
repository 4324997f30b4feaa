package io.signaltest.junit;

import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.run.Harness;
import io.signaltest.junit.internal.run.HarnessFailure;
import io.signaltest.junit.internal.run.Invocation;
import io.signaltest.junit.internal.run.ModuleDirectory;
import io.signaltest.junit.internal.run.RecordedRun;
import io.signaltest.junit.internal.run.Scenario;
import io.signaltest.junit.internal.run.Selection;
import io.signaltest.junit.report.ReportEntries;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The engine of {@link SignalTest}: validates the annotation, turns it into one invocation per moment and signal, runs
 * each invocation's child before the test method, and hands the method the {@link SignalRun}. Disabled, with a reason,
 * where there are no POSIX signals.
 */
final class SignalTestExtension
        implements TestTemplateInvocationContextProvider, ParameterResolver, ExecutionCondition {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SignalTestExtension.class);

    private static final String RUN = "run";
    private static final String CHILD = "child";
    private static final String DEFAULT_OUTPUT_DIRECTORY = "target/signaltest";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String os = System.getProperty("os.name", "");
        if (!Platform.hasPosixSignals(os)) {
            return ConditionEvaluationResult.disabled(
                    "@SignalTest needs POSIX signals (SIGINT, SIGTERM, SIGHUP), which " + os
                            + " does not have: run it on Linux or macOS (for example in WSL or a container)");
        }
        Selection selection = Selection.of(context::getConfigurationParameter);
        Optional<SignalTest> annotation =
                context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, SignalTest.class));
        if (!selection.all()
                && annotation.isPresent()
                && scenario(annotation.get(), context).invocations().stream().noneMatch(selection::selects)) {
            return ConditionEvaluationResult.disabled(
                    "none of its invocations is at the selected " + selection.describe()
                            + " (configuration parameters " + SignalTest.SELECTED_MOMENTS_PROPERTY + " and "
                            + SignalTest.SELECTED_SIGNALS_PROPERTY + ")");
        }
        return ConditionEvaluationResult.enabled("@SignalTest runs on " + os + ", which has POSIX signals");
    }

    private static Scenario scenario(SignalTest annotation, ExtensionContext context) {
        return Scenario.of(
                annotation, context::getConfigurationParameter, Path.of("").toAbsolutePath());
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> AnnotationSupport.isAnnotated(m, SignalTest.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        SignalTest annotation = AnnotationSupport.findAnnotation(method, SignalTest.class)
                .orElseThrow(() -> new IllegalStateException(
                        "supportsTestTemplate() accepted " + method + " without @SignalTest"));
        Path workingDirectory = Path.of("").toAbsolutePath();
        Scenario scenario = Scenario.of(
                annotation,
                context::getConfigurationParameter,
                workingDirectory,
                ModuleDirectory.of(context.getRequiredTestClass(), workingDirectory));
        Selection selection = Selection.of(context::getConfigurationParameter);
        return scenario.invocations().stream().filter(selection::selects).map(InvocationContext::new);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SignalRun.class
                && context.getTestMethod()
                        .map(m -> m.equals(parameter.getDeclaringExecutable()))
                        .orElse(false);
    }

    @Override
    public SignalRun resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RecordedRun run = context.getStore(NAMESPACE).get(RUN, RecordedRun.class);
        if (run == null) {
            throw new ParameterResolutionException("No SignalRun for " + parameter.getDeclaringExecutable()
                    + ": only a @SignalTest method receives one, after its child has run. "
                    + "Declare the SignalRun parameter on the @SignalTest method itself.");
        }
        return run;
    }

    /** One moment and signal of a scenario: its display name, and the callback that runs its child. */
    private static final class InvocationContext implements TestTemplateInvocationContext {
        private final Invocation invocation;

        InvocationContext(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return invocation.displayName();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new RunChild(invocation));
        }
    }

    /**
     * Runs the child after the test's {@code @BeforeEach} methods, so that they can prepare what the program needs, and
     * before the test method, which receives the result.
     */
    private static final class RunChild implements BeforeTestExecutionCallback {
        private final Invocation invocation;

        RunChild(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public void beforeTestExecution(ExtensionContext context) {
            Path base = context.getConfigurationParameter(SignalTest.OUTPUT_DIRECTORY_PROPERTY)
                    .filter(value -> !value.isBlank())
                    .map(Path::of)
                    .orElse(Path.of(DEFAULT_OUTPUT_DIRECTORY));
            RunDirectory files = RunDirectory.prepare(
                    base,
                    context.getRequiredTestClass().getName(),
                    context.getRequiredTestMethod().getName(),
                    invocation.displayName());
            // The store closes the child (an AutoCloseable) when the invocation ends, however it ends.
            ExtensionContext.Store store = context.getStore(NAMESPACE);
            Harness harness = new Harness(invocation, files, child -> store.put(CHILD, child));
            try {
                RecordedRun run = harness.run();
                store.put(RUN, run);
                publish(context, files, Harness.summary(run), run);
            } catch (HarnessFailure failure) {
                publish(context, files, failure.summary(), failure.run().orElse(null));
                throw failure;
            }
        }

        private static void publish(ExtensionContext context, RunDirectory files, String summary, RecordedRun run) {
            Map<String, String> entry = new LinkedHashMap<>();
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
                if (!java.nio.file.Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    context.publishFile(
                            name,
                            org.junit.jupiter.api.MediaType.TEXT_PLAIN_UTF_8,
                            target -> java.nio.file.Files.copy(file, target));
                } catch (LinkageError | RuntimeException notAvailable) {
                    // JUnit before 5.12 has no publishFile, and a launcher without an output directory
                    // (EngineTestKit, by default) refuses it: the files stay in the run directory, whose
                    // path is in the report entry. Attaching must never fail, or hide the failure of, a test.
                    return;
                }
            }
        }
    }
}
