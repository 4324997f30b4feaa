package io.signaltest.agent.plain;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalTest;
import io.signaltest.junit.StandardScenarios;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The standard scenario matrix through the JUnit Platform, with the agent, as a user runs it; and its failures. */
final class Matrix {

    /** How many scenarios the standard matrix has. */
    static final int SCENARIOS = 10;

    /** Enough for a correct program to exit; a hanging one is told by its thread dump. */
    private static final String EXIT_TIMEOUT_MILLIS = "4000";
    /** A correct program reaches each moment within a second or two of its start, even on a loaded machine. */
    private static final String MOMENT_TIMEOUT_MILLIS = "15000";

    private Matrix() {}

    /** The standard matrix against {@code program} under the agent, four scenarios at a time. */
    static EngineExecutionResults withTheAgent(Class<?> program) {
        return run(
                Map.of(SignalTest.PROGRAM_MAIN_PROPERTY, program.getName(), SignalTest.PROGRAM_AGENT_PROPERTY, "true"));
    }

    static EngineExecutionResults run(Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(StandardScenarios.class))
                .configurationParameters(configuration)
                .configurationParameter(SignalTest.EXIT_TIMEOUT_PROPERTY, EXIT_TIMEOUT_MILLIS)
                .configurationParameter(SignalTest.MOMENT_TIMEOUT_PROPERTY, MOMENT_TIMEOUT_MILLIS)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .execute();
    }

    /** The message of each failed test. */
    static List<String> failureMessages(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(Event::getPayload)
                .map(payload ->
                        payload.flatMap(p -> p instanceof TestExecutionResult r ? r.getThrowable() : Optional.empty()))
                .map(t -> t.map(Throwable::getMessage).orElse("(no message)"))
                .toList();
    }
}
