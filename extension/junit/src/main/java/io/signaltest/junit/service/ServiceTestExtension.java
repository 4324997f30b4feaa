package io.signaltest.junit.service;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.run.InvocationContext;
import io.signaltest.junit.internal.run.ModuleDirectory;
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
 * The engine of {@link ServiceTest}: validates the annotation, turns it into one invocation per moment and signal, runs
 * each invocation's service before the test method, and hands the method the {@link ServiceRun}. Disabled, with a
 * reason, where there are no POSIX signals.
 */
final class ServiceTestExtension
        implements TestTemplateInvocationContextProvider, ParameterResolver, ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String os = System.getProperty("os.name", "");
        if (!Platform.hasPosixSignals(os)) {
            return ConditionEvaluationResult.disabled("@ServiceTest needs POSIX signals (SIGTERM, SIGINT), which " + os
                    + " does not have: run it on Linux or macOS (for example in WSL or a container)");
        }
        Selection selection = Selection.of(context::getConfigurationParameter);
        Optional<ServiceTest> annotation =
                context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, ServiceTest.class));
        if (!selection.all()
                && annotation.isPresent()
                && scenario(annotation.get(), context).invocations().stream().noneMatch(selection::selects)) {
            return ConditionEvaluationResult.disabled("none of its invocations is at the selected "
                    + selection.describe() + " (configuration parameters " + SignalTest.SELECTED_MOMENTS_PROPERTY
                    + " and " + SignalTest.SELECTED_SIGNALS_PROPERTY + ")");
        }
        return ConditionEvaluationResult.enabled("@ServiceTest runs on " + os + ", which has POSIX signals");
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> AnnotationSupport.isAnnotated(m, ServiceTest.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        ServiceTest annotation = AnnotationSupport.findAnnotation(method, ServiceTest.class)
                .orElseThrow(() -> new IllegalStateException(
                        "supportsTestTemplate() accepted " + method + " without @ServiceTest"));
        Selection selection = Selection.of(context::getConfigurationParameter);
        return scenario(annotation, context).invocations().stream()
                .filter(selection::selects)
                .map(InvocationContext::new);
    }

    private static Scenario scenario(ServiceTest annotation, ExtensionContext context) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        return Scenario.ofService(
                annotation,
                context::getConfigurationParameter,
                workingDirectory,
                context.getTestClass()
                        .map(type -> ModuleDirectory.of(type, workingDirectory))
                        .orElse(workingDirectory));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return (type == ServiceRun.class || type == SignalRun.class)
                && context.getTestMethod()
                        .map(m -> m.equals(parameter.getDeclaringExecutable()))
                        .orElse(false);
    }

    @Override
    public ServiceRun resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return InvocationContext.recorded(context)
                .filter(ServiceRun.class::isInstance)
                .map(ServiceRun.class::cast)
                .orElseThrow(() -> new ParameterResolutionException("No ServiceRun for "
                        + parameter.getDeclaringExecutable() + ": only a @ServiceTest method receives one, after its "
                        + "service has run. Declare the ServiceRun parameter on the @ServiceTest method itself."));
    }
}
