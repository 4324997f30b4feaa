package io.signaltest.sample;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalTest;
import io.signaltest.junit.StandardScenarios;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs the standard scenario matrix through the JUnit Platform, as it would run for a user, and reads its failures. */
public final class ScenarioMatrix {

    /** How many scenarios the standard matrix has. */
    public static final int SCENARIOS = 10;

    /**
     * Enough for a correct program to exit; a hanging one is recognised by its thread dump well before a person would
     * be.
     */
    private static final String EXIT_TIMEOUT_MILLIS = "4000";
    /**
     * A correct program reaches each moment within a second or two of its start, even on a loaded machine; a broken one
     * that never reaches a moment (it hangs in its first cleanup) is known after this, instead of after the default
     * minute.
     */
    private static final String MOMENT_TIMEOUT_MILLIS = "15000";

    private ScenarioMatrix() {}

    /**
     * The scenarios of the standard matrix, four at a time, with {@code configuration} (the program, the agent, ...).
     */
    public static EngineExecutionResults run(Map<String, String> configuration) {
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

    /** The message of each failed scenario. */
    public static List<String> failureMessages(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(Event::getPayload)
                .map(payload ->
                        payload.flatMap(p -> p instanceof TestExecutionResult r ? r.getThrowable() : Optional.empty()))
                .map(t -> t.map(Throwable::getMessage).orElse("(no message)"))
                .collect(Collectors.toList());
    }
}
