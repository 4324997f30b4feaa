package io.signaltest.junit.internal.run;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.List;
import java.util.Optional;

/**
 * A jittered signal that reached the program after its run was over, so that the run tested nothing: the program logged
 * the signal's receipt after {@code run_finished}; or logged no receipt and a {@code run_finished} that no signal
 * caused (the first signal found a run that ended by itself); or, for a signal after the first (the second SIGINT of
 * DURING_CLEANUP, delayed past the moment), logged {@code run_finished} and no receipt of it (the cleanups it was to
 * land in were over, and the JVM was exiting). A JVM runs its signal handlers on a thread of their own, and on a loaded
 * machine that thread may run tens of milliseconds after the signal arrived.
 *
 * @param finished the run's {@code run_finished}
 * @param received the signal's receipt, when the program logged one (after {@code run_finished})
 * @param signal which signal of the run it was, from 1
 */
record LateSignal(LogRecord finished, Optional<LogRecord> received, int signal) {

    /**
     * The first tested signal that came too late, if any.
     *
     * @param sent how many signals went out, the first of DURING_CLEANUP included
     * @param tested how many of them were tested (jittered): the last ones
     */
    static Optional<LateSignal> find(CleanupLog log, int sent, int tested) {
        Optional<LogRecord> finished =
                log.records(LogEvents.RUN_FINISHED).stream().findFirst();
        if (finished.isEmpty() || tested == 0) {
            return Optional.empty();
        }
        List<LogRecord> receipts = log.records(LogEvents.SIGNAL_RECEIVED);
        for (int i = sent - tested; i < sent; i++) {
            if (receipts.size() > i) {
                LogRecord received = receipts.get(i);
                if (finished.get().seq() < received.seq()) {
                    return Optional.of(new LateSignal(finished.get(), Optional.of(received), i + 1));
                }
                continue;
            }
            boolean uncancelled = finished.get().fields().get("cause") == null;
            return i > 0 || uncancelled
                    ? Optional.of(new LateSignal(finished.get(), Optional.empty(), i + 1))
                    : Optional.empty();
        }
        return Optional.empty();
    }
}
