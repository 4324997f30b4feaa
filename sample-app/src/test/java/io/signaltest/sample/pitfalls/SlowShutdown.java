package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Pitfalls guide, section "A shutdown slower than the orchestrator's patience".
 *
 * <p>Cancellation is correct, but each cancelled task first finishes the chunk of work it is in ({@value #CHUNK_MILLIS}
 * ms here; twelve seconds in the program this stands for), ignoring interrupts meanwhile, and only then cleans up.
 * Every cleanup runs, the exit code is right, and {@code docker stop} (10 s) or Kubernetes (30 s) would have killed the
 * program long before. The standard matrix fails a shutdown slower than its deadline
 * ({@code StandardScenarios.SHUTDOWN_DEADLINE_PROPERTY}, 10 s by default); the catalogue's test sets it below one
 * chunk.
 *
 * <p>Symptom, with tasks running at the signal: "the program took 1.1 s from the signal to its exit, expected at most
 * 250 ms".
 */
public class SlowShutdown extends HandRolledBatch {

    static final long CHUNK_MILLIS = 1000;

    public static void main(String[] args) {
        new SlowShutdown(Workload.fromMain("SlowShutdown", args)).run();
    }

    SlowShutdown(Workload workload) {
        super(workload);
    }

    @Override
    protected void body(int id, Path temp) throws IOException, InterruptedException {
        try {
            super.body(id, temp);
        } catch (InterruptedException cancelled) {
            finishTheChunk();
            throw cancelled;
        }
    }

    /** Works on for a whole chunk, whatever interrupts it. */
    private static void finishTheChunk() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHUNK_MILLIS);
        boolean interrupted = false;
        for (long left = CHUNK_MILLIS; left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
