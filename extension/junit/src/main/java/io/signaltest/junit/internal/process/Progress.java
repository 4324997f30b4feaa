package io.signaltest.junit.internal.process;

/**
 * Wakes the harness when something it waits for happens in a child's output (a line watcher found its line, an output
 * ended), so that it notices at once; the cleanup log, a plain file, is polled between waits.
 */
public final class Progress {

    private long version;

    /** Called by a line watcher that found what it looks for, and by the output pumps at the end of a stream. */
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
