package io.signaltest.junit;

import static io.signaltest.junit.service.ServiceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.HttpApp;
import io.signaltest.junit.fixtures.SocketHttpApp;
import io.signaltest.junit.service.ServiceMoment;
import io.signaltest.junit.service.ServiceRun;
import io.signaltest.junit.service.ServiceTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * Services that do not drain, each caught by the check of its fault, with a message that names the request or the
 * process and the likely cause; and services the harness cannot test, each failing with what happened, what was
 * expected and what to do. Every fault is real: the service's own way of stopping, under a real SIGTERM.
 */
class ServiceTestFailuresIT {

    @Test
    void serverThatStopsAtOnceCutsTheRequestsInFlight() {
        String message = failure("stopsAtOnce");
        assertThat(message)
                .contains("Expecting the service to drain gracefully after SIGTERM at IN_FLIGHT")
                .containsPattern("f1 GET /slow\\?ms=1500 \\(in flight, new connection\\): connection closed before "
                        + "any answer .*after the signal \\(in the handler from .* before the signal\\)")
                .contains("hint: the server stopped at once, without waiting for the requests in its handlers");
    }

    @Test
    void shutdownHookThatNeverReturnsIsKilledAtTheEndOfTheGracePeriod() {
        String message = failure("hangsInItsHook");
        assertThat(message)
                .contains("still running 3 s after SIGTERM, at the end of the grace period: signaltest sent "
                        + "SIGKILL, as an orchestrator does (exit code 137")
                .contains("calls System.exit");
    }

    @Test
    void readinessThatStaysReadyWhileDraining() {
        assertThat(failure("staysReady"))
                .containsPattern("its readiness still answered ready to a probe sent .* after the signal")
                .contains("turn readiness to not ready as the shutdown starts");
    }

    @Test
    void newRequestsLeftWithoutAnAnswer() {
        assertThat(failure("leavesNewRequestsWaiting"))
                .containsPattern("n2 GET /hello \\(after signal, new connection\\): no answer .*left waiting, with no "
                        + "answer within 1 s");
    }

    @Test
    void lastLinesThatNeverCome() {
        assertThat(failure("losesItsLastLines")).contains("no line after the signal matches /stopped/");
    }

    @Test
    void exitCodeThatIsNotAStop() {
        assertThat(failure("exitsWithOne")).contains("exit code 1, expected 0 or 143");
    }

    @Test
    void processItStartedOutlivesIt() {
        assertThat(failure("leavesAChildBehind")).containsPattern("still running after the service exited .*sleep 300");
    }

    @Test
    void serviceThatCannotStart() {
        assertThat(failure("cannotStart"))
                .startsWith("The service exited with code 1 before it was ready.")
                .contains("What to do: Read its output below")
                .contains("http app: cannot start");
    }

    @Test
    void readinessUrlThatNeverAnswers2xx() {
        assertThat(failure("wrongReadinessUrl"))
                .startsWith("The service did not become ready within 2000 ms: http://localhost:")
                .contains("/nope last answered 404.")
                .contains("that the readiness URL or line is the service's own");
    }

    @Test
    void handlerLineThatNeverComes() {
        assertThat(failure("wrongHandlerLine"))
                .startsWith("The service showed 0 of 2 requests GET /slow?ms=3000 in its handlers within 2000 ms")
                .contains("It showed none: check that a line matching /handling (?<id>\\S+)/ is what the service "
                        + "prints");
    }

    @Test
    void portThatGoesNowhere() {
        Throwable thrown = onlyFailure("noPort");
        assertThat(thrown)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@ServiceTest gives the service a free port through {port}, but no argument");
    }

    @Test
    void requestsInHandlersWithNothingToShowThem() {
        assertThat(onlyFailure("nothingShowsTheHandlers"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@ServiceTest signals at IN_FLIGHT once requests are inside the service's "
                        + "handlers, but nothing shows that they are");
    }

    @Test
    void agentThatDoesNotKnowTheServer() {
        assertThat(failure("agentWithAnUnknownServer"))
                .startsWith("The service showed 0 of 2 requests GET /slow?ms=3000 in its handlers within 2000 ms")
                .contains("Expected a request_entered record of the agent")
                .contains("The agent saw no request enter a handler")
                .contains("with inHandlerOutput");
    }

    private static String failure(String method) {
        Throwable failure = onlyFailure(method);
        assertThat(failure).isInstanceOf(AssertionFailedError.class);
        String message = failure.getMessage();
        assertThat(message).contains("  command:   ").contains("  pid:       ");
        return message;
    }

    private static Throwable onlyFailure(String method) {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, method, ServiceRun.class, Map.of());
        List<Map<String, String>> entries = FixtureKit.reportEntries(results);
        entries.stream()
                .map(entry -> entry.get("signaltest.pid"))
                .filter(pid -> pid != null)
                .forEach(pid -> assertThat(ProcessHandle.of(Long.parseLong(pid)))
                        .as("the service's process after the test")
                        .isEmpty());
        entries.stream()
                .map(entry -> entry.get("signaltest.directory"))
                .filter(directory -> directory != null)
                .forEach(directory -> assertThat(Path.of(directory)).isDirectory());
        return FixtureKit.onlyFailure(results);
    }

    @Fixture
    static class TestCases {

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}", "--mode", "stop-now"},
                readyUrl = "/ready",
                request = @ServiceTest.Request(path = "/slow?ms=1500", count = 2),
                newRequest = @ServiceTest.Request(path = "/hello"),
                inHandlerOutput = "entered (?<id>\\S+)",
                at = ServiceMoment.IN_FLIGHT)
        void stopsAtOnce(ServiceRun run) {
            assertThat(run).drainedGracefully();
        }

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}", "--mode", "hang", "--stop-delay", "0"},
                readyUrl = "/ready",
                newRequest = @ServiceTest.Request(path = "/hello"),
                at = ServiceMoment.IDLE,
                graceMillis = 3_000)
        void hangsInItsHook(ServiceRun run) {
            assertThat(run).exitedWithinGrace();
        }

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}", "--mode", "ready-stays"},
                readyUrl = "/ready",
                newRequest = @ServiceTest.Request(path = "/hello"),
                at = ServiceMoment.IDLE)
        void staysReady(ServiceRun run) {
            assertThat(run).turnedNotReady();
        }

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}", "--mode", "stall"},
                readyUrl = "/ready",
                newRequest = @ServiceTest.Request(path = "/hello"),
                at = ServiceMoment.IDLE,
                answerWithinMillis = 1_000)
        void leavesNewRequestsWaiting(ServiceRun run) {
            assertThat(run).answeredNewRequestsCleanly();
        }

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}", "--mode", "quiet"},
                readyUrl = "/ready",
                newRequest = @ServiceTest.Request(path = "/hello"),
                at = ServiceMoment.IDLE,
                lastOutput = "stopped")
        void losesItsLastLines(ServiceRun run) {
            assertThat(run).drainedGracefully();
        }

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}", "--mode", "exit-1", "--stop-delay", "0"},
                readyUrl = "/ready",
                newRequest = @ServiceTest.Request(path = "/hello"),
                at = ServiceMoment.IDLE)
        void exitsWithOne(ServiceRun run) {
            assertThat(run).exitedWithinGrace();
        }

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}", "--mode", "leave-child", "--stop-delay", "0"},
                readyUrl = "/ready",
                newRequest = @ServiceTest.Request(path = "/hello"),
                at = ServiceMoment.IDLE)
        void leavesAChildBehind(ServiceRun run) {
            assertThat(run).leftNoProcessBehind();
        }

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}", "--mode", "crash"},
                readyUrl = "/ready",
                at = ServiceMoment.IDLE)
        void cannotStart(ServiceRun run) {}

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}"},
                readyUrl = "/nope",
                readyTimeoutMillis = 2_000,
                at = ServiceMoment.IDLE)
        void wrongReadinessUrl(ServiceRun run) {}

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}"},
                readyUrl = "/ready",
                request = @ServiceTest.Request(path = "/slow?ms=3000", count = 2),
                newRequest = @ServiceTest.Request(path = "/hello"),
                inHandlerOutput = "handling (?<id>\\S+)",
                at = ServiceMoment.IN_FLIGHT,
                momentTimeoutMillis = 2_000)
        void wrongHandlerLine(ServiceRun run) {}

        @ServiceTest(main = HttpApp.class, readyUrl = "/ready", at = ServiceMoment.IDLE)
        void noPort(ServiceRun run) {}

        @ServiceTest(
                main = HttpApp.class,
                args = {"--port", "{port}"},
                readyUrl = "/ready",
                at = ServiceMoment.IN_FLIGHT)
        void nothingShowsTheHandlers(ServiceRun run) {}

        @ServiceTest(
                main = SocketHttpApp.class,
                args = {"--port", "{port}"},
                readyOutput = "ready on port",
                request = @ServiceTest.Request(path = "/slow?ms=3000", count = 2),
                newRequest = @ServiceTest.Request(path = "/hello"),
                agent = true,
                at = ServiceMoment.IN_FLIGHT,
                momentTimeoutMillis = 2_000)
        void agentWithAnUnknownServer(ServiceRun run) {}
    }
}
