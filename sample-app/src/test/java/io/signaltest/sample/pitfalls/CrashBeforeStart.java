package io.signaltest.sample.pitfalls;

/**
 * Catalogue entry 8; pitfalls guide, section 6 (a signal before anything started): the handler assumes the workers
 * exist.
 *
 * <p>The pool is created once the tasks are ready to go. A signal that arrives earlier (while configuration loads, or
 * the queue fills) finds no pool: the handler throws a {@code NullPointerException} before it marks the run cancelled,
 * the JVM prints it on the signal's thread and carries on, and the tasks start anyway, after the signal, as if nobody
 * had pressed Ctrl+C. With long tasks the program then does not exit at all.
 *
 * <p>Symptom, with the signal before start (BEFORE_START): "task 1 started after the signal", and the program does not
 * exit after the signal. Later signals are handled as in {@link HandRolledBatch}.
 */
public class CrashBeforeStart extends HandRolledBatch {

    public static void main(String[] args) {
        new CrashBeforeStart(Workload.fromMain("CrashBeforeStart", args)).run();
    }

    CrashBeforeStart(Workload workload) {
        super(workload);
    }

    @Override
    protected void cancel() {
        for (Runnable neverStarted : pool.shutdownNow()) { // pool is still null before start
            cancelledBeforeStart(((TaskRunnable) neverStarted).id);
        }
        cancelled = true;
    }
}
