package io.signaltest.junit.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.Signal;
import io.signaltest.junit.internal.files.RequestFact;
import io.signaltest.junit.internal.files.ServiceFacts;
import io.signaltest.junit.internal.findings.Finding;
import io.signaltest.junit.internal.process.CapturedOutput;
import io.signaltest.junit.internal.run.RecordedRun;
import io.signaltest.junit.internal.run.RecordedServiceRun;
import io.signaltest.junit.service.Exchange;
import io.signaltest.junit.service.NewRequests;
import io.signaltest.junit.service.ServiceRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The checks of a service's drain over runs built as values: each passes for a drain that keeps its part of the
 * contract, and fails, naming the request or the fact and the likely cause, for one that breaks it.
 */
class ServiceChecksTest {

    /** The signal leaves 1 s after the start (all times below are milliseconds from the start). */
    private static final long SIGNAL = 1_000;

    @Nested
    class RequestsInFlight {

        @Test
        void passWhenEachIsAnsweredWhole() {
            assertThat(ServiceChecks.finishedEveryRequestInFlight(run(inFlight("f1", 1_500, answered(200))))
                            .passed())
                    .isTrue();
        }

        @Test
        void failNamingTheRequestCutAtOnce() {
            CheckVerdict v = ServiceChecks.finishedEveryRequestInFlight(run(inFlight("f1", SIGNAL + 12, closed())));
            assertThat(texts(v))
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("f1 GET /slow (in flight, new connection): connection closed before any answer")
                    .contains("12 ms after the signal");
            assertThat(v.hint()).get().asString().startsWith("the server stopped at once");
        }

        @Test
        void failNamingADrainThatEndedTooSoon() {
            CheckVerdict v = ServiceChecks.finishedEveryRequestInFlight(run(inFlight("f1", SIGNAL + 1_000, closed())));
            assertThat(v.passed()).isFalse();
            assertThat(v.hint()).get().asString().contains("a shutdown deadline shorter than the slowest request");
        }

        @Test
        void failWithAnotherStatus() {
            assertThat(ServiceChecks.finishedEveryRequestInFlight(run(inFlight("f1", 1_500, answered(500))))
                            .passed())
                    .isFalse();
        }
    }

    @Nested
    class NewRequestsAfterTheSignal {

        @Test
        void passWhenRefusedOrAnsweredWholeOr503() {
            ServiceRun run = run(
                    after("n1", Exchange.Connection.NEW, refused()),
                    after("k1", Exchange.Connection.KEPT_ALIVE, answered(200)),
                    after("n2", Exchange.Connection.NEW, answered(503)),
                    after("k2", Exchange.Connection.KEPT_ALIVE, closed()));
            assertThat(ServiceChecks.answeredNewRequestsCleanly(run).passed()).isTrue();
        }

        @Test
        void failForAnAnswerCutOffOrNeverGivenNamingTheConnection() {
            CheckVerdict v = ServiceChecks.answeredNewRequestsCleanly(run(
                    after("n1", Exchange.Connection.NEW, noAnswer()),
                    after("k1", Exchange.Connection.KEPT_ALIVE, cutOff())));
            assertThat(texts(v))
                    .anySatisfy(t -> assertThat(t)
                            .startsWith("n1 GET /hello (after signal, new connection)")
                            .contains("left waiting, with no answer within 5 s"))
                    .anySatisfy(t -> assertThat(t)
                            .startsWith("k1 GET /hello (after signal, kept-alive connection)")
                            .contains("cut off in the middle of its answer"));
        }

        @Test
        void failForAnErrorThatIsNeitherAnAnswerNorARefusal() {
            CheckVerdict v =
                    ServiceChecks.answeredNewRequestsCleanly(run(after("n1", Exchange.Connection.NEW, answered(500))));
            assertThat(texts(v)).singleElement().asString().contains("neither its usual answer (200) nor a refusal");
        }

        @Test
        void failForARefusalWhileTheServiceIsToGoOnServing() {
            ServiceRun.Policy served = policy(NewRequests.SERVED, Duration.ofSeconds(5), Optional.empty());
            CheckVerdict v = ServiceChecks.answeredNewRequestsCleanly(
                    run(served, facts(true, false, -1, after("n1", Exchange.Connection.NEW, refused()))));
            assertThat(texts(v)).singleElement().asString().contains("refused within the 5 s in which the service");
        }
    }

    @Nested
    class Readiness {

        @Test
        void failWhenStillReadyLaterThanASecondAfterTheSignal() {
            ServiceRun.Policy withUrl = policy(NewRequests.REFUSED, Duration.ZERO, Optional.of("http://x/ready"));
            CheckVerdict v = ServiceChecks.turnedNotReady(run(withUrl, facts(true, false, SIGNAL + 1_500)));
            assertThat(texts(v))
                    .singleElement()
                    .asString()
                    .startsWith("its readiness still answered ready to a probe sent 1.5 s after the signal");
        }

        @Test
        void passWhenTheRuntimeSawTheSignalLateAndTheServiceThenDrainedLong() {
            // a busy machine: the JVM began its shutdown 1.3 s after the signal, the drain lasted 19 s
            ServiceRun.Policy withUrl = policy(NewRequests.REFUSED, Duration.ZERO, Optional.of("http://x/ready"));
            ServiceRun run = run(withUrl, facts(true, false, SIGNAL + 1_257), 143, List.of(), Duration.ofSeconds(19));
            assertThat(texts(ServiceChecks.turnedNotReady(run))).isEmpty();
        }

        @Test
        void passWhenNoLateProbeFoundItReady() {
            ServiceRun.Policy withUrl = policy(NewRequests.REFUSED, Duration.ZERO, Optional.of("http://x/ready"));
            assertThat(ServiceChecks.turnedNotReady(run(withUrl, facts(true, false, -1)))
                            .passed())
                    .isTrue();
        }

        @Test
        void failWithoutAUrlToCheck() {
            assertThat(texts(ServiceChecks.turnedNotReady(run())))
                    .containsExactly("the test declares no readyUrl, so there is no readiness to check");
        }
    }

    @Nested
    class TheEnd {

        @Test
        void aKillAtTheEndOfTheGracePeriodFails() {
            CheckVerdict v = ServiceChecks.exitedWithinGrace(run(policy(), facts(true, true, -1), 137, List.of()));
            assertThat(texts(v)).singleElement().asString().startsWith("still running 30 s after SIGTERM");
            assertThat(v.hint()).get().asString().contains("System.exit");
        }

        @Test
        void anExitCodeThatIsNotAStopFails() {
            CheckVerdict v = ServiceChecks.exitedWithinGrace(run(policy(), facts(true, false, -1), 1, List.of()));
            assertThat(texts(v)).singleElement().asString().startsWith("exit code 1");
        }

        @Test
        void aPortStillTakenFails() {
            CheckVerdict v = ServiceChecks.freedThePort(run(policy(), facts(false, false, -1), 143, List.of()));
            assertThat(texts(v)).singleElement().asString().startsWith("port 8080 was still taken");
        }

        @Test
        void aProcessLeftBehindFailsByName() {
            CheckVerdict v = ServiceChecks.leftNoProcessBehind(
                    run(policy(), facts(true, false, -1), 143, List.of("pid 42: sleep 300")));
            assertThat(texts(v))
                    .containsExactly(
                            "still running after the service exited (signaltest killed it): " + "pid 42: sleep 300");
        }

        @Test
        void theWholeDrainPassesForACleanRunAndListsEveryBrokenPartOtherwise() {
            assertThat(ServiceChecks.drainedGracefully(run(inFlight("f1", 1_500, answered(200))))
                            .passed())
                    .isTrue();
            CheckVerdict broken = ServiceChecks.drainedGracefully(
                    run(policy(), facts(false, true, -1, inFlight("f1", SIGNAL + 5, closed())), 137, List.of()));
            assertThat(texts(broken)).hasSize(3);
            assertThat(broken.hint()).get().asString().contains("SIGKILL ended the requests with it", "System.exit");
        }

        @Test
        void aBrokenDrainDoesNotHideWhatTheOtherChecksOfTheRunFound() {
            ServiceRun run = run(inFlight("f1", SIGNAL + 5, closed()));
            CheckVerdict work = CheckVerdict.expecting("every export to end");
            work.finding("no cleanup line for: export 1 started");

            CheckVerdict both = ServiceChecks.drainedGracefully(run, List.of(work));

            assertThat(texts(both))
                    .anySatisfy(text -> assertThat(text).startsWith("f1 GET /slow (in flight, new connection)"))
                    .contains("no cleanup line for: export 1 started");
        }
    }

    // ------------------------------------------------------------------ runs as values

    private record End(Exchange.Outcome outcome, int status) {}

    private static End answered(int status) {
        return new End(Exchange.Outcome.ANSWERED, status);
    }

    private static End closed() {
        return new End(Exchange.Outcome.CLOSED_BEFORE_ANSWER, -1);
    }

    private static End refused() {
        return new End(Exchange.Outcome.REFUSED, -1);
    }

    private static End noAnswer() {
        return new End(Exchange.Outcome.NO_ANSWER, -1);
    }

    private static End cutOff() {
        return new End(Exchange.Outcome.CUT_OFF, 200);
    }

    private static RequestFact inFlight(String id, long endedMillis, End end) {
        return new RequestFact(
                id,
                Exchange.Role.IN_FLIGHT,
                "GET",
                "/slow",
                Exchange.Connection.NEW,
                ms(SIGNAL - 20),
                ms(SIGNAL - 10),
                end.status() > 0 ? ms(endedMillis) : -1,
                ms(endedMillis),
                end.outcome(),
                end.status(),
                0,
                -1,
                "");
    }

    private static RequestFact after(String id, Exchange.Connection connection, End end) {
        return new RequestFact(
                id,
                Exchange.Role.AFTER_SIGNAL,
                "GET",
                "/hello",
                connection,
                ms(SIGNAL + 2),
                -1,
                end.status() > 0 ? ms(SIGNAL + 5) : -1,
                ms(SIGNAL + 5),
                end.outcome(),
                end.status(),
                0,
                -1,
                "");
    }

    private static long ms(long millis) {
        return millis * 1_000_000;
    }

    private static ServiceRun.Policy policy() {
        return policy(NewRequests.REFUSED, Duration.ZERO, Optional.empty());
    }

    private static ServiceRun.Policy policy(NewRequests newRequests, Duration servedFor, Optional<String> readyUrl) {
        return new ServiceRun.Policy(
                newRequests,
                servedFor,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Set.of(0, 143),
                Optional.empty(),
                readyUrl,
                200,
                200);
    }

    private static ServiceFacts facts(boolean portFree, boolean killed, long readyLateMillis, RequestFact... requests) {
        return new ServiceFacts(
                8080,
                ms(500),
                -1,
                readyLateMillis < 0 ? -1 : ms(readyLateMillis),
                3,
                30_000,
                killed,
                portFree,
                List.of(requests));
    }

    private static ServiceRun run(RequestFact... requests) {
        return run(policy(), facts(true, false, -1, requests));
    }

    private static ServiceRun run(ServiceRun.Policy policy, ServiceFacts facts) {
        return run(policy, facts, 143, List.of());
    }

    private static ServiceRun run(ServiceRun.Policy policy, ServiceFacts facts, int exitCode, List<String> leftBehind) {
        return run(policy, facts, exitCode, leftBehind, Duration.ofMillis(300));
    }

    private static ServiceRun run(
            ServiceRun.Policy policy,
            ServiceFacts facts,
            int exitCode,
            List<String> leftBehind,
            Duration signalToExit) {
        RecordedRun process = new RecordedRun(
                List.of("java", "Service"),
                42,
                exitCode,
                Signal.TERM,
                1,
                "IN_FLIGHT",
                CleanupLog.parse(""),
                CapturedOutput.of(""),
                CapturedOutput.of(""),
                Duration.ofMillis(SIGNAL),
                Optional.empty(),
                signalToExit,
                Path.of("run"),
                leftBehind,
                0,
                0,
                List.of());
        return new RecordedServiceRun(process, facts, policy, 0, ms(SIGNAL));
    }

    private static List<String> texts(CheckVerdict verdict) {
        List<String> texts = new ArrayList<>();
        for (Finding finding : verdict.findings()) {
            texts.add(finding.what());
        }
        return texts;
    }
}
