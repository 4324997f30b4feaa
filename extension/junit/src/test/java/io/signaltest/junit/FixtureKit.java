package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs {@link Fixture} classes through the Jupiter engine, in this JVM, and reads what happened. */
final class FixtureKit {

    private FixtureKit() {}

    static EngineExecutionResults run(Class<?> testCases) {
        return run(testCases, Map.of());
    }

    static EngineExecutionResults run(Class<?> testCases, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Fixture.ENABLED, "true")
                .configurationParameters(configuration)
                .selectors(selectClass(testCases))
                .execute();
    }

    static EngineExecutionResults run(Class<?> testCases, String method) {
        return run(testCases, method, Map.of());
    }

    static EngineExecutionResults run(Class<?> testCases, String method, Map<String, String> configuration) {
        return run(testCases, method, SignalRun.class, configuration);
    }

    /** Runs the method {@code method} of {@code testCases}, whose one parameter is of {@code parameterType}. */
    static EngineExecutionResults run(
            Class<?> testCases, String method, Class<?> parameterType, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Fixture.ENABLED, "true")
                .configurationParameters(configuration)
                .selectors(selectMethod(testCases, method, parameterType.getName()))
                .execute();
    }

    /** Asserts that no event (test or container) of {@code results} failed; the failures are the message otherwise. */
    static void assertNoFailures(EngineExecutionResults results) {
        assertThat(results.allEvents().failed().stream()
                        .map(FixtureKit::throwable)
                        .toList())
                .isEmpty();
    }

    /** Asserts that nothing of {@code results} failed and that {@code tests} tests passed. */
    static void assertPassed(EngineExecutionResults results, long tests) {
        assertNoFailures(results);
        assertThat(results.testEvents().succeeded().count()).isEqualTo(tests);
    }

    /** The throwable of the one failed event (test or container) of {@code results}. */
    static Throwable onlyFailure(EngineExecutionResults results) {
        List<Throwable> failures = results.allEvents().failed().stream()
                .map(FixtureKit::throwable)
                .flatMap(Optional::stream)
                .toList();
        if (failures.size() != 1) {
            throw new AssertionError("expected exactly one failure, got " + failures.size() + ": " + failures);
        }
        return failures.get(0);
    }

    static Optional<Throwable> throwable(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable);
    }

    /** The key-value pairs of every report entry published during the run. */
    static List<Map<String, String>> reportEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .toList();
    }

    /** The display names of the tests that ran, in order. */
    static List<String> testNames(EngineExecutionResults results) {
        return results.testEvents().started().stream()
                .map(e -> e.getTestDescriptor().getDisplayName())
                .toList();
    }
}
