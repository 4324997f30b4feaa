package io.signaltest.junit.service;

import io.signaltest.junit.OutputScenarios;
import io.signaltest.junit.internal.checks.CheckFailure;
import io.signaltest.junit.internal.checks.CheckVerdict;
import io.signaltest.junit.internal.checks.OutputChecks;
import io.signaltest.junit.internal.checks.ServiceChecks;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.WritableAssertionInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The standard matrix of a service: a {@link ServiceTest} at every moment the service can be tested at, each checked
 * with {@link ServiceRunAssert#drainedGracefully()}. Run it against your service without writing a test, by naming the
 * service and its contract in configuration parameters:
 *
 * <pre>{@code
 * // junit-platform.properties, or -D on the Failsafe command line
 * signaltest.service.program.jar=target/my-service.jar
 * signaltest.service.program.args=--server.port={port}
 * signaltest.service.readyUrl=/actuator/health/readiness
 * signaltest.service.request=GET /orders/slow-report
 * signaltest.service.request.count=3
 * signaltest.service.newRequest=GET /actuator/health/liveness
 * signaltest.service.inHandlerOutput=handling request (?<id>\S+)
 * }</pre>
 *
 * and selecting this class (Failsafe: {@code dependenciesToScan} {@code io.signaltest:signaltest-junit} and
 * {@code -Dit.test=ServiceScenarios}), or with signaltest's console runner: {@code java -jar signaltest-cli.jar check
 * --service --jar my-service.jar --args "--server.port={port}" --ready-url /actuator/health/readiness ...}.
 *
 * <p>The configuration parameters are those of {@link ServiceTest}'s constants; the program may also be named by the
 * {@code signaltest.program.*} parameters, which the {@code signaltest.service.program.*} ones override. Work the
 * service does in the background (an {@code @Async} job, a scheduled export) is checked by the lines it prints: with
 * {@value OutputScenarios#TASK_START_PROPERTY} and {@value OutputScenarios#TASK_CLEANUP_PROPERTY} set, every line that
 * says such work started must be followed by one that says it finished (see
 * {@link ServiceRunAssert#matchedEveryStartWithACleanup(String, String)}).
 *
 * @since 0.2
 */
@Execution(ExecutionMode.CONCURRENT)
@ExtendWith(ServiceScenarios.Settings.class)
public class ServiceScenarios {

    /** One scenario per moment and signal, SIGTERM by default; the service must drain gracefully in each. */
    private Optional<String> workStarted = Optional.empty();

    private Optional<String> workFinished = Optional.empty();

    @ServiceTest
    void drainsGracefully(ServiceRun run) {
        // one verdict for the drain and the background work, so that neither failure hides the other's findings
        List<CheckVerdict> work = workStarted.isPresent() && workFinished.isPresent()
                ? List.of(OutputChecks.matchedEveryStartWithACleanup(run, workStarted.get(), workFinished.get()))
                : List.of();
        CheckVerdict verdict = ServiceChecks.drainedGracefully(run, work);
        if (!verdict.passed()) {
            throw CheckFailure.of(new WritableAssertionInfo(), verdict, run);
        }
    }

    /** Reads the lines of background work from the configuration. */
    static final class Settings implements TestInstancePostProcessor {
        @Override
        public void postProcessTestInstance(Object instance, ExtensionContext context) {
            if (instance instanceof ServiceScenarios scenarios) {
                scenarios.workStarted = context.getConfigurationParameter(OutputScenarios.TASK_START_PROPERTY)
                        .filter(v -> !v.isBlank());
                scenarios.workFinished = context.getConfigurationParameter(OutputScenarios.TASK_CLEANUP_PROPERTY)
                        .filter(v -> !v.isBlank());
                if (scenarios.workStarted.isPresent() != scenarios.workFinished.isPresent()) {
                    throw new ExtensionConfigurationException("The configuration parameters "
                            + OutputScenarios.TASK_START_PROPERTY + " and " + OutputScenarios.TASK_CLEANUP_PROPERTY
                            + " go together, but only one is set: set both (the line that says work started, and "
                            + "the one that says it finished), or neither.");
                }
            }
        }
    }
}
