package io.signaltest.junit.internal.process;

/**
 * Wakes the harness when a child's output moves on, so that it notices a line at once; the
 * cleanup log, a plain file, is polled between waits.
 */
public final class Progress {

    private long version;

    /** Called by the output pumps after each line. */
    public synchronized void changed() {
        version++;
        notifyAll();
    }

    /** Waits until the next change or at most {@code nanos}. */
    public synchronized void await(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return;
        }
        long seen = version;
        long deadline = System.nanoTime() + nanos;
        long left = nanos;
        while (version == seen && left > 0) {
            wait(Math.max(1, left / 1_000_000));
            left = deadline - System.nanoTime();
        }
    }
}
