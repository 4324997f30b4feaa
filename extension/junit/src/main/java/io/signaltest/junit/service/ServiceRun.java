package io.signaltest.junit.service;

import io.signaltest.junit.SignalRun;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What happened in one run of a {@link ServiceTest}: everything a {@link SignalRun} says (the command, the exit code,
 * the output, the cleanup log when there is one), and the service's side: the port, the requests the harness sent and
 * how each ended, when readiness turned, and whether the process outlived its grace period.
 *
 * <pre>{@code
 * @ServiceTest(main = MyService.class, args = "--port={port}", readyUrl = "/ready",
 *         request = @ServiceTest.Request(path = "/slow", count = 3), inHandlerOutput = "handling (?<id>\\S+)")
 * void drains(ServiceRun run) {
 *     assertThat(run).drainedGracefully();
 * }
 * }</pre>
 *
 * @since 0.2
 */
public interface ServiceRun extends SignalRun {

    /** The port the harness chose and gave the service. */
    int port();

    /** Every request the harness sent, in the order they were sent. */
    List<Exchange> exchanges();

    /** From the start of the process to the harness's first sight of the service ready. */
    Duration startToReady();

    /** From the start of the process to the first signal. */
    Duration startToSignal();

    /**
     * When a readiness probe after the signal first saw the service not ready (a status other than 2xx, or no answer),
     * counted from the start; empty when no probe saw it, or when no readiness URL is declared.
     */
    Optional<Duration> turnedNotReady();

    /**
     * When the last readiness probe left that still found the service ready although it was sent more than a second
     * after the signal, counted from the start; empty when every such probe found it not ready, or none was sent.
     * {@link ServiceRunAssert#turnedNotReady()} fails when that probe also came in the second half of the drain (from
     * the signal to the exit): a service that says it is ready until it exits, rather than one whose runtime was slow
     * to see the signal on a busy machine.
     */
    Optional<Duration> stillReadyWhileDraining();

    /** How many readiness probes the harness sent after the signal and before the exit. */
    int readinessProbesAfterSignal();

    /**
     * Whether the harness sent SIGKILL at the end of the grace period because the process was still running, as an
     * orchestrator does.
     */
    boolean killedAfterGrace();

    /**
     * Whether the service's port could be bound again as soon as the process had exited; false when something it left
     * behind still listens on it.
     */
    boolean portFreeAfterExit();

    /** What the test declared about the drain, which the checks hold the run to. */
    Policy policy();

    /**
     * The drain the test declared.
     *
     * @param newRequests how the service may answer a request that arrives after the signal
     * @param servedFor with {@link NewRequests#SERVED}, how long after the signal every request must still be served
     * @param answerWithin how long a request may wait for its answer (a refusal counts as one) after the signal
     * @param grace how long the process has from the signal to its exit before SIGKILL
     * @param exitCodes the exit codes that count as a clean stop
     * @param lastOutput the line the service prints last on its way out, when the test names one
     * @param readyUrl the readiness URL, when the test names one
     * @param inFlightStatus the status every request in flight at the signal must get
     * @param newRequestStatus the status of a normal answer to a request sent after the signal
     */
    record Policy(
            NewRequests newRequests,
            Duration servedFor,
            Duration answerWithin,
            Duration grace,
            Set<Integer> exitCodes,
            Optional<String> lastOutput,
            Optional<String> readyUrl,
            int inFlightStatus,
            int newRequestStatus) {

        public Policy {
            exitCodes = Set.copyOf(exitCodes);
        }
    }
}
