package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sun.misc.Signal;

/**
 * Catalogue entry 4; pitfalls guide, section 4 (shield the cleanup): the second Ctrl+C interrupts the cleanups.
 *
 * <p>A user who sees no reaction presses Ctrl+C again. This program answers every further signal by calling
 * {@code shutdownNow()} once more, "to make sure the workers stop" (and still logs the signal as ignored, believing
 * that harmless), and its cleanup, unlike {@link HandRolledBatch}'s, does not clear the interrupt before it starts. So
 * the new interrupt reaches the cleanups: the first blocking call in them throws {@code InterruptedException}, which
 * escapes the cleanup, and nothing more is logged for those tasks: the temporary files stay, the terminal records are
 * missing.
 *
 * <p>Both halves are needed: with the interrupt cleared at the start of the cleanup, a task held before its cleanup
 * when the second signal lands would still finish it.
 *
 * <p>Symptom, with a second signal during a cleanup (DURING_CLEANUP, REPEATED): "cleanup of task 1 was cut short by the
 * second SIGINT".
 */
public class UnshieldedCleanup extends HandRolledBatch {

    public static void main(String[] args) {
        new UnshieldedCleanup(Workload.fromMain("UnshieldedCleanup", args)).run();
    }

    UnshieldedCleanup(Workload workload) {
        super(workload);
    }

    @Override
    protected void onRepeatedSignal(Signal signal, int count) {
        super.onRepeatedSignal(signal, count);
        if (pool != null) {
            pool.shutdownNow(); // interrupts every worker thread again: the ones in their cleanup too
        }
    }

    @Override
    protected void cleanup(int id, Path temp) throws IOException, InterruptedException {
        Thread.sleep(workload.cleanupMillis()); // throws at once when an interrupt is pending
        Files.deleteIfExists(temp);
    }
}
