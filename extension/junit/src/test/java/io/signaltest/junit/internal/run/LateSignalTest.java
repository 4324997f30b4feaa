package io.signaltest.junit.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.CleanupLog;
import org.junit.jupiter.api.Test;

/** When a jittered run tested nothing because its signal came after the program's run was over. */
class LateSignalTest {

    private static final String STARTED = "{\"v\":1,\"seq\":0,\"t_ns\":0,\"event\":\"run_started\"}\n";

    private static String receipt(int seq, int count) {
        return "{\"v\":1,\"seq\":" + seq + ",\"t_ns\":" + seq + ",\"event\":\"signal_received\",\"signal\":\"SIGINT\","
                + "\"count\":" + count + "}\n";
    }

    private static String finished(int seq, String cause) {
        return "{\"v\":1,\"seq\":" + seq + ",\"t_ns\":" + seq + ",\"event\":\"run_finished\""
                + (cause == null ? "" : ",\"cause\":\"" + cause + "\"") + "}\n";
    }

    @Test
    void aSignalReceivedBeforeTheRunEndedTestedIt() {
        CleanupLog log = CleanupLog.parse(STARTED + receipt(1, 1) + finished(2, "signal"));

        assertThat(LateSignal.find(log, 1, 1)).isEmpty();
    }

    @Test
    void aSignalReceivedAfterTheRunEndedTestedNothing() {
        CleanupLog log = CleanupLog.parse(STARTED + finished(1, null) + receipt(2, 1));

        assertThat(LateSignal.find(log, 1, 1)).hasValueSatisfying(late -> {
            assertThat(late.signal()).isEqualTo(1);
            assertThat(late.received()).isPresent();
        });
    }

    @Test
    void noReceiptAndARunThatEndedByItselfTestedNothing() {
        CleanupLog log = CleanupLog.parse(STARTED + finished(1, null));

        assertThat(LateSignal.find(log, 1, 1))
                .hasValueSatisfying(late -> assertThat(late.received()).isEmpty());
    }

    @Test
    void noReceiptOfTheOnlySignalButARunItCancelledIsNoLateSignal() {
        // the receipt is missing from a log whose run the signal did cancel: a program's fault, for the checks
        CleanupLog log = CleanupLog.parse(STARTED + finished(1, "signal"));

        assertThat(LateSignal.find(log, 1, 1)).isEmpty();
    }

    /**
     * DURING_CLEANUP: the first SIGINT (not jittered) cancelled the run; the jittered second one came after the
     * cleanups had ended and the run was over, and the exiting JVM logged no receipt of it.
     */
    @Test
    void aSecondSignalThatFoundTheRunOverTestedNothing() {
        CleanupLog log = CleanupLog.parse(STARTED + receipt(1, 1) + finished(2, "signal"));

        assertThat(LateSignal.find(log, 2, 1)).hasValueSatisfying(late -> {
            assertThat(late.signal()).isEqualTo(2);
            assertThat(late.received()).isEmpty();
        });
    }

    @Test
    void aSecondSignalReceivedDuringTheCleanupsTestedThem() {
        CleanupLog log = CleanupLog.parse(STARTED + receipt(1, 1) + receipt(2, 2) + finished(3, "signal"));

        assertThat(LateSignal.find(log, 2, 1)).isEmpty();
    }

    @Test
    void aRunWithoutRunFinishedHasNoLateSignal() {
        // killed, or cut short by the second signal: what the checks judge
        CleanupLog log = CleanupLog.parse(STARTED + receipt(1, 1));

        assertThat(LateSignal.find(log, 2, 1)).isEmpty();
    }
}
