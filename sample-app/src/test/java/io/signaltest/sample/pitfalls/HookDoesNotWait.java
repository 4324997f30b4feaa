package io.signaltest.sample.pitfalls;

import java.util.Map;

/**
 * Catalogue entry 5; pitfalls guide, section 2 (shutdown hooks are not signal handlers): a hook that cancels and
 * returns.
 *
 * <p>This program installs no signal handler. It relies on a shutdown hook, which the JVM runs on SIGINT, to call
 * {@code shutdownNow()}. The hook returns at once, and the JVM halts as soon as its hooks have returned: the
 * interrupted tasks never get to their cleanups. The program never sees the signal itself, so its log has no
 * {@code signal_received}; the exit code is the JVM's own 130.
 *
 * <p>Symptom, with tasks running at the signal (BELOW_LIMIT, ALL_SLOTS_FULL, QUEUE_WAITING): "task 1 started but its
 * cleanup never ran". When the harness holds the program at a moment the interrupted tasks wait for the hold to end,
 * which only a logged signal ends, so no cleanup even starts; without a hold, a task may log {@code cleanup_started}
 * just before the JVM halts, and the symptom reads "cleanup of task 1 started at #N but never ended".
 */
public class HookDoesNotWait extends HandRolledBatch {

    public static void main(String[] args) {
        new HookDoesNotWait(Workload.fromMain("HookDoesNotWait", args)).run();
    }

    HookDoesNotWait(Workload workload) {
        super(workload);
    }

    @Override
    protected Map<String, String> installHandlers() {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            lock.lock();
                            try {
                                if (pool != null) {
                                    pool.shutdownNow(); // and return: nothing waits for the tasks' cleanups
                                }
                            } finally {
                                lock.unlock();
                            }
                        },
                        "stop-workers"));
        return Map.of(); // no signal is handled by the program itself
    }
}
