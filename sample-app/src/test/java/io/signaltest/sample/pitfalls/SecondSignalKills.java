package io.signaltest.sample.pitfalls;

import sun.misc.Signal;

/**
 * Catalogue entry 7; pitfalls guide, section 4 (shield the cleanup): "press Ctrl+C again to force quit".
 *
 * <p>The first signal cancels correctly (this is {@link HandRolledBatch}), but a repeated signal calls
 * {@code System.exit} at once, in the middle of the cleanups. The JVM halts without letting them finish: temporary
 * files stay behind, and nothing says which cleanups were abandoned. The exit code, 130, looks right.
 *
 * <p>Symptom, with a second signal during a cleanup (DURING_CLEANUP, REPEATED): "cleanup of task 1 was cut short by the
 * second SIGINT".
 */
public class SecondSignalKills extends HandRolledBatch {

    public static void main(String[] args) {
        new SecondSignalKills(Workload.fromMain("SecondSignalKills", args)).run();
    }

    SecondSignalKills(Workload workload) {
        super(workload);
    }

    @Override
    protected void onRepeatedSignal(Signal signal, int count) {
        log.signalReceived(signal.getName(), signal.getNumber(), count, "escalate");
        System.err.println("SIG" + signal.getName() + " again: forcing exit");
        System.exit(128 + signal.getNumber());
    }
}
