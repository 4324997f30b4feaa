package io.signaltest.runtime;

/**
 * Told of each signal that arrives while a run is already shutting down and that the run ignores, so that every cleanup
 * can finish (what the default {@link RepeatPolicy} does with a second Ctrl+C). The runtime logs such a signal either
 * way; this lets the program tell the person who pressed Ctrl+C again why nothing more happens.
 *
 * <pre>{@code
 * TaskRunner.builder().maxConcurrent(4)
 *     .onIgnoredSignal((signal, cleaningUp) ->
 *             System.err.printf("still cleaning up %d tasks; SIG%s ignored%n", cleaningUp, signal))
 *     .build();
 * }</pre>
 *
 * <p>It runs on the JVM's signal thread, after the signal is logged and outside the runtime's lock: keep it short.
 * Whatever it throws is logged ({@code listener_failed}) and otherwise ignored.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface IgnoredSignalListener {

    /**
     * @param signal the signal's name without "SIG", such as {@code "INT"}
     * @param cleaningUp how many cancelled tasks have not finished their cleanup yet
     */
    void signalIgnored(String signal, int cleaningUp);
}
