package io.signaltest.agent.plain;

import io.signaltest.agent.plain.FixedPoolBatch.FileJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import sun.misc.Signal;

/**
 * Plain versions of the executor pitfalls: each is {@link FixedPoolBatch} with one mistake that teams make, and no
 * signaltest code. Run with the agent, each fails the standard matrix and the failure names its symptom
 * ({@code PlainPitfallsIT}).
 */
final class PlainPitfalls {

    private PlainPitfalls() {}

    /**
     * Submits one task per id to {@code pool}, then waits for the pool; stops submitting once the pool is shut down.
     */
    static void runAll(ExecutorService pool, BatchOptions options, IntFunction<Runnable> job)
            throws InterruptedException {
        try {
            for (int id = 1; id <= options.tasks(); id++) {
                pool.execute(job.apply(id));
            }
        } catch (RejectedExecutionException shuttingDown) {
            return;
        }
        pool.shutdown();
        pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    /** The shutdown hook interrupts the tasks but does not wait for them: the JVM halts during their cleanups. */
    static final class HookDoesNotWait {
        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
            Runtime.getRuntime().addShutdownHook(new Thread(pool::shutdownNow, "batch-shutdown"));
            runAll(pool, options, id -> new FileJob(id, options));
        }
    }

    /**
     * The hook calls {@code shutdown()} instead of {@code shutdownNow()}: running tasks are never interrupted, queued
     * ones still start.
     */
    static final class ShutdownInsteadOfShutdownNow {
        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                pool.shutdown();
                                try {
                                    pool.awaitTermination(1, TimeUnit.MINUTES);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "batch-shutdown"));
            runAll(pool, options, id -> new FileJob(id, options));
        }
    }

    /** A task catches the interrupt and carries on: the hook waits for it for ever. */
    static final class SwallowsInterrupt {
        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                pool.shutdownNow();
                                try {
                                    pool.awaitTermination(1, TimeUnit.MINUTES);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "batch-shutdown"));
            runAll(pool, options, SwallowingJob::new);
        }
    }

    /**
     * A task catches the interrupt and carries on, and the hook waits for it only so long: the JVM halts in the middle
     * of the task.
     */
    static final class GivesUpOnASwallowingTask {
        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                pool.shutdownNow();
                                try {
                                    if (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                                        System.err.println("tasks still running, exiting anyway");
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "batch-shutdown"));
            runAll(pool, options, SwallowingJob::new);
        }
    }

    static final class SwallowingJob implements Runnable {
        private final int id;

        SwallowingJob(int id) {
            this.id = id;
        }

        @Override
        public void run() {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ignored) {
                    // the mistake: the cancellation is swallowed and the loop goes on
                }
            }
        }

        @Override
        public String toString() {
            return "SwallowingJob[" + id + "]";
        }
    }

    /** The program handles SIGINT and SIGTERM itself, cleans up correctly, and then exits with 0. */
    static final class ExitCodeZero {
        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
            for (String name : new String[] {"INT", "TERM"}) {
                Signal.handle(new Signal(name), signal -> {
                    pool.shutdownNow();
                    try {
                        pool.awaitTermination(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(0); // the mistake: a cancelled run reports success
                });
            }
            runAll(pool, options, id -> new FileJob(id, options));
        }
    }

    /** Daemon workers and no shutdown hook: the JVM exits at the signal, in the middle of every task. */
    static final class DaemonWorkers {
        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent(), task -> {
                Thread worker = new Thread(task);
                worker.setDaemon(true);
                return worker;
            });
            runAll(pool, options, id -> new FileJob(id, options));
        }
    }

    /**
     * JDK 19 and newer: the pool in a try-with-resources block, and Ctrl+C interrupts {@code main}. Leaving the block
     * calls {@code ExecutorService.close()}, which is {@code shutdown()} and then a wait for every task: nobody is
     * interrupted, queued tasks still start, and the program waits for all of them. (Written as {@code (AutoCloseable)
     * pool} because the project compiles for Java 17; on 19+ this is {@code try (ExecutorService pool = ...)}.)
     */
    static final class ClosesThePoolInTryWithResources {
        public static void main(String[] args) throws Exception {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
            Thread main = Thread.currentThread();
            for (String name : new String[] {"INT", "TERM", "HUP"}) {
                Signal.handle(new Signal(name), signal -> main.interrupt());
            }
            List<Future<?>> futures = new ArrayList<>();
            try (AutoCloseable closesThePool = (AutoCloseable) pool) {
                for (int id = 1; id <= options.tasks(); id++) {
                    futures.add(pool.submit(new FileJob(id, options)));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } catch (InterruptedException stopped) {
                System.exit(130); // only once close() has returned, which it does not
            }
        }
    }

    /**
     * "Press Ctrl+C again to force quit": the first signal starts a correct shutdown on a thread of its own, the second
     * halts the JVM, in the middle of the cleanups.
     */
    static final class ForceQuitOnSecondSignal {
        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
            AtomicInteger signals = new AtomicInteger();
            for (String name : new String[] {"INT", "TERM", "HUP"}) {
                Signal.handle(new Signal(name), signal -> {
                    int code = 128 + signal.getNumber();
                    if (signals.incrementAndGet() > 1) {
                        Runtime.getRuntime().halt(code); // the mistake: the cleanups are cut short
                    }
                    new Thread(
                                    () -> {
                                        pool.shutdownNow();
                                        try {
                                            pool.awaitTermination(1, TimeUnit.MINUTES);
                                        } catch (InterruptedException e) {
                                            Thread.currentThread().interrupt();
                                        }
                                        System.exit(code);
                                    },
                                    "graceful-shutdown")
                            .start();
                });
            }
            runAll(pool, options, id -> new FileJob(id, options));
        }
    }

    /** A correct shutdown, but a task deletes its temporary file only when its work completes. */
    static final class LeavesTempFile {
        public static void main(String[] args) throws InterruptedException {
            BatchOptions options = BatchOptions.parse(args);
            ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                pool.shutdownNow();
                                try {
                                    pool.awaitTermination(1, TimeUnit.MINUTES);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "batch-shutdown"));
            runAll(pool, options, id -> () -> {
                Path temp = options.workDir().resolve("input-" + id + ".part");
                try {
                    Files.writeString(temp, "partial output\n");
                    Thread.sleep(options.taskMillis());
                    Files.delete(temp); // the mistake: not in a finally block
                } catch (InterruptedException cancelled) {
                    // cancelled: returns, leaving the file
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
