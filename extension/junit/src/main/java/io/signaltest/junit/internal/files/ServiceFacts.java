package io.signaltest.junit.internal.files;

import java.util.List;

/**
 * What the harness saw of a service's run besides the process: the port, when the service was ready, the requests, the
 * readiness probes after the signal, the grace period and whether it ran out, and the port after the exit. Times on the
 * machine's monotonic clock; -1 for an instant that did not come.
 *
 * @param notReadyNanos when a probe after the signal first saw the service not ready
 * @param readyLateNanos when the last probe left that still saw the service ready, later after the signal than a
 *     draining service may take to turn not ready
 * @param probesAfterSignal how many readiness probes went out between the signal and the exit
 * @param killedAfterGrace whether the harness sent SIGKILL at the end of the grace period
 * @param portFree whether the port could be bound again at the exit
 */
public record ServiceFacts(
        int port,
        long readyNanos,
        long notReadyNanos,
        long readyLateNanos,
        int probesAfterSignal,
        long graceMillis,
        boolean killedAfterGrace,
        boolean portFree,
        List<RequestFact> requests) {

    public ServiceFacts {
        requests = requests == null ? List.of() : List.copyOf(requests);
    }
}
