package io.signaltest.sample.pitfalls;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pitfalls guide, section "A fixed grace period is an exit race".
 *
 * <p>The signal handler cancels correctly ({@code shutdownNow()}, queued tasks reported), then gives the cleanups a
 * fixed grace of {@value #GRACE_MILLIS} ms and exits with 128 + the signal, whether they finished or not. On a quiet
 * machine with quick cleanups this often passes; with cleanups that take longer than the grace, or under load, the JVM
 * halts in the middle of them. The standard matrix's exit race scenario gives every cleanup
 * {@code StandardScenarios.EXIT_RACE_CLEANUP_MILLIS} ms, so this is caught in every run.
 *
 * <p>Symptom: "cleanup of task 1 started at #N but never ended".
 */
public class ExitsAfterFixedGrace extends HandRolledBatch {

    static final long GRACE_MILLIS = 5;

    public static void main(String[] args) {
        new ExitsAfterFixedGrace(Workload.fromMain("ExitsAfterFixedGrace", args)).run();
    }

    ExitsAfterFixedGrace(Workload workload) {
        super(workload);
    }

    @Override
    protected void cancel() {
        super.cancel();
        ExecutorService tasks = pool;
        int code = signalExitCode();
        Thread grace = new Thread(
                () -> {
                    try {
                        if (tasks != null) {
                            tasks.awaitTermination(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(code); // ready or not
                },
                "exit-after-grace");
        grace.start();
    }
}
