package io.signaltest.junit;

import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.run.InvocationContext;
import io.signaltest.junit.internal.run.ModuleDirectory;
import io.signaltest.junit.internal.run.Repeats;
import io.signaltest.junit.internal.run.Scenario;
import io.signaltest.junit.internal.run.Selection;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
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
        Repeats repeats = Repeats.of(annotation, context::getConfigurationParameter, scenario);
        return scenario.invocations().stream().filter(selection::selects).flatMap(repeats::contexts);
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
        SignalRun run = InvocationContext.recorded(context).orElse(null);
        if (run == null) {
            throw new ParameterResolutionException("No SignalRun for " + parameter.getDeclaringExecutable()
                    + ": only a @SignalTest method receives one, after its child has run. "
                    + "Declare the SignalRun parameter on the @SignalTest method itself.");
        }
        return run;
    }
}
