package io.signaltest.agent.plain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A batch program as Java teams write it, with no signaltest code at all: its tasks run on a fixed thread pool, and a
 * shutdown hook stops them on Ctrl+C. The signaltest agent gives it the cleanup log and the exact moments without any
 * change here.
 *
 * <p>What makes it correct: the hook calls {@code shutdownNow()} (running tasks are interrupted, queued ones are
 * returned and never start), reports the tasks it got back, and waits for every running task to finish its cleanup
 * before the JVM halts; each task deletes its temporary file in a cleanup that a second interrupt does not cut short.
 * The JVM's own handling of the signal gives the exit code, 128 + the signal's number.
 *
 * <pre>
 * java -cp ... io.signaltest.agent.plain.FixedPoolBatch --tasks 6 --max-concurrent 2 --task-millis 5000
 * </pre>
 */
public final class FixedPoolBatch {

    private FixedPoolBatch() {}

    // tag::fixed-pool[]
    public static void main(String[] args) throws InterruptedException {
        BatchOptions options = BatchOptions.parse(args);
        ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            List<Runnable> neverStarted = pool.shutdownNow(); // interrupts the running tasks
                            System.out.println("cancelled before start: " + neverStarted.size());
                            try {
                                if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                                    System.err.println("tasks still running after a minute");
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "batch-shutdown"));
        try {
            for (int id = 1; id <= options.tasks(); id++) {
                pool.execute(new FileJob(id, options));
            }
        } catch (RejectedExecutionException shuttingDown) {
            return; // the shutdown hook has taken over
        }
        pool.shutdown();
        pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }
    // end::fixed-pool[]

    /** One task: writes a temporary file while it works, and deletes it however the work ends. */
    static final class FileJob implements Runnable {
        private final int id;
        private final BatchOptions options;

        FileJob(int id, BatchOptions options) {
            this.id = id;
            this.options = options;
        }

        // tag::file-job[]
        @Override
        public void run() {
            Path temp = options.workDir().resolve("input-" + id + ".part");
            try {
                Files.writeString(temp, "partial output of input-" + id + "\n");
                Thread.sleep(options.taskMillis()); // the work; an interrupt cancels it
            } catch (InterruptedException cancelled) {
                // cancelled: clean up below, then end
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                cleanUp(temp);
            }
        }

        /** Takes cleanup-millis whatever happens, then deletes the file: a second interrupt does not cut it short. */
        private void cleanUp(Path temp) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.cleanupMillis());
            boolean interrupted = false;
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        // end::file-job[]

        @Override
        public String toString() {
            return "FileJob[input-" + id + "]";
        }
    }
}
