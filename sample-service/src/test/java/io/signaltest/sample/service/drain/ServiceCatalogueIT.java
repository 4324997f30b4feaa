package io.signaltest.sample.service.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.OutputScenarios;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.service.ServiceScenarios;
import io.signaltest.junit.service.ServiceTest;
import io.signaltest.sample.service.SampleServiceApplication;
import io.signaltest.sample.service.plain.PlainService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The broken variants of the sample service against the service matrix ({@link ServiceScenarios}), each at the moment
 * where its fault shows: every one fails, and the failure names its cause. The correct service passes the same
 * configurations (here for its background work; {@link SampleServiceIT} has the rest).
 */
class ServiceCatalogueIT {

    /**
     * The sample service's contract, as configuration parameters of the service matrix. A broken variant runs without
     * the correct service's shutdown delay, so that its one fault shows as itself (an immediate stop after a delay
     * would look like a short shutdown deadline).
     */
    private static Map<String, String> spring(String profile) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put(ServiceTest.PROGRAM_PROPERTY_PREFIX + "main", SampleServiceApplication.class.getName());
        configuration.put(
                ServiceTest.PROGRAM_PROPERTY_PREFIX + "args",
                "--server.port={port} --sample.work-dir={runDir}/work"
                        + (profile.isEmpty()
                                ? ""
                                : " --spring.profiles.active=" + profile + " --sample.shutdown.delay=0s"));
        configuration.put(ServiceTest.READY_URL_PROPERTY, "/actuator/health/readiness");
        configuration.put(ServiceTest.REQUEST_PROPERTY, "GET /work?millis=1500");
        configuration.put(ServiceTest.REQUEST_COUNT_PROPERTY, "2");
        configuration.put(ServiceTest.NEW_REQUEST_PROPERTY, "GET /hello");
        configuration.put(ServiceTest.IN_HANDLER_OUTPUT_PROPERTY, "request (?<id>\\S+) entered");
        configuration.put(ServiceTest.LAST_OUTPUT_PROPERTY, "service stopped");
        return configuration;
    }

    private static Map<String, String> jobs(String profile) {
        Map<String, String> configuration = spring(profile);
        // a job well inside the correct service's 10 s wait, and longer than any shutdown of the broken one
        configuration.put(ServiceTest.REQUEST_PROPERTY, "POST /jobs?millis=5000 202");
        configuration.put(ServiceTest.IN_HANDLER_OUTPUT_PROPERTY, "job (?<id>\\S+) started");
        configuration.put(OutputScenarios.TASK_START_PROPERTY, "job (\\S+) started");
        configuration.put(OutputScenarios.TASK_CLEANUP_PROPERTY, "job (\\S+) finished");
        configuration.put(SignalTest.SELECTED_MOMENTS_PROPERTY, "IN_FLIGHT");
        return configuration;
    }

    private static Map<String, String> export(String profile) {
        Map<String, String> configuration = spring(profile);
        configuration.put(ServiceTest.AT_OUTPUT_PROPERTY, "export \\d+ started");
        configuration.put(OutputScenarios.TASK_START_PROPERTY, "export (\\d+) started");
        configuration.put(OutputScenarios.TASK_CLEANUP_PROPERTY, "export (\\d+) written");
        return configuration;
    }

    private static Map<String, String> at(String moment, Map<String, String> configuration) {
        configuration.put(SignalTest.SELECTED_MOMENTS_PROPERTY, moment);
        return configuration;
    }

    static Stream<Arguments> catalogue() {
        Map<String, String> slowRequests = at("IN_FLIGHT", spring("short-phase-timeout"));
        slowRequests.put(ServiceTest.REQUEST_PROPERTY, "GET /work?millis=3000");
        // an export of 4 s, longer than any shutdown of the broken service (the correct one waits 3 s for one of 0.6 s)
        Map<String, String> longExport = export("scheduled-cut");
        longExport.put(
                ServiceTest.PROGRAM_PROPERTY_PREFIX + "args",
                longExport.get(ServiceTest.PROGRAM_PROPERTY_PREFIX + "args") + " --sample.export.step-time=1s");
        Map<String, String> exitInHook = at("IDLE", spring("exit-in-hook"));
        exitInHook.put(ServiceTest.GRACE_PROPERTY, "5000");
        Map<String, String> plain = new HashMap<>(spring(""));
        plain.put(ServiceTest.PROGRAM_PROPERTY_PREFIX + "main", PlainService.class.getName());
        plain.put(ServiceTest.PROGRAM_PROPERTY_PREFIX + "args", "--port {port} --variant stop-now");
        plain.put(ServiceTest.READY_URL_PROPERTY, "/ready");
        return Stream.of(
                Arguments.of(
                        "immediate-shutdown",
                        at("IN_FLIGHT", spring("immediate-shutdown")),
                        List.of(
                                "(in flight, new connection): connection closed before any answer",
                                "the server stopped at once")),
                Arguments.of(
                        "short-phase-timeout",
                        slowRequests,
                        List.of(
                                "(in flight, new connection): connection closed before any answer",
                                "a shutdown deadline shorter than the slowest request")),
                Arguments.of(
                        "async-not-awaited",
                        jobs("async-not-awaited"),
                        List.of("no cleanup line for: ", "job f1 started")),
                Arguments.of("scheduled-cut", longExport, List.of("no cleanup line for: ", " started")),
                Arguments.of(
                        "exit-in-hook",
                        exitInHook,
                        List.of("still running 5 s after SIGTERM, at the end of the grace period", "System.exit")),
                Arguments.of(
                        "lost-shutdown-logs",
                        at("IDLE", spring("lost-shutdown-logs")),
                        List.of(
                                "no line after the signal matches /service stopped/",
                                "logging stops before the application does")),
                Arguments.of(
                        "plain stop-now",
                        at("IN_FLIGHT", plain),
                        List.of(
                                "(in flight, new connection): connection closed before any answer",
                                "the server stopped at once")));
    }

    @ParameterizedTest(name = "{0} fails, naming its cause")
    @MethodSource("catalogue")
    void everyBrokenVariantFailsNamingItsCause(String variant, Map<String, String> configuration, List<String> cause) {
        List<String> failures = failures(matrix(configuration));
        assertThat(failures).as("failed scenarios of %s", variant).isNotEmpty();
        assertThat(String.join("\n", failures)).contains(cause);
    }

    @Test
    void theCorrectServiceFinishesItsJobsAndItsExport() {
        assertThat(failures(matrix(jobs("")))).isEmpty();
        assertThat(failures(matrix(export("")))).isEmpty();
    }

    private static EngineExecutionResults matrix(Map<String, String> configuration) {
        Map<String, String> all = new HashMap<>(configuration);
        // as the module's junit-platform.properties gives them to its own tests
        all.put(ServiceTest.PROGRAM_PROPERTY_PREFIX + "jvmArgs", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        all.put(SignalTest.REPORT_TABLE_PROPERTY, "false");
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameters(all)
                .selectors(selectClass(ServiceScenarios.class))
                .execute();
        assertThat(results.testEvents().started().count()).as("scenarios run").isPositive();
        return results;
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable))
                .flatMap(Optional::stream)
                .map(Throwable::getMessage)
                .toList();
    }
}
