package io.signaltest.agent.internal;

import java.util.concurrent.TimeUnit;

/**
 * A daemon thread that watches, every 50 ms, whether the harness (the parent process) is still
 * there, and, until an executor shows up, whether the program has had long enough to show one.
 * It polls rather than reading standard input: the program under test may read it itself.
 */
public final class Watcher implements Runnable {

    static final int HARNESS_GONE_EXIT_CODE = 125;
    private static final long POLL_MS = 50;
    private static final long HARNESS_GONE_GRACE_MS = 10_000;

    private final long noExecutorMs;
    private final long startNanos = System.nanoTime();

    Watcher(long noExecutorMs) {
        this.noExecutorMs = noExecutorMs;
    }

    /** Starts the watch; called by the installer, from another class loader. */
    public static void start(long noExecutorMs) {
        Thread thread = new Thread(new Watcher(noExecutorMs), "signaltest-agent-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        boolean reported = false;
        while (parent != null && parent.isAlive()) {
            if (!reported && noExecutorMs > 0
                    && System.nanoTime() - startNanos > TimeUnit.MILLISECONDS.toNanos(noExecutorMs)) {
                reported = true;
                if (!Recorder.anyExecutorSeen()) {
                    Recorder.noExecutorSeen(noExecutorMs);
                }
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (parent == null || !Recorder.active()) {
            return;
        }
        Recorder.harnessGone();
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HARNESS_GONE_GRACE_MS);
            } catch (InterruptedException ignored) {
                // halt all the same
            }
            Runtime.getRuntime().halt(HARNESS_GONE_EXIT_CODE);
        }, "signaltest-agent-harness-gone");
        halt.setDaemon(true);
        halt.start();
        System.exit(HARNESS_GONE_EXIT_CODE);
    }
}
