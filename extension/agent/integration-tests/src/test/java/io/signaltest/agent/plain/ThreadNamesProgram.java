package io.signaltest.agent.plain;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A plain program that prints the names of the threads it can see, while its pool's tasks run: run with and without the
 * agent, it must print the same line.
 */
public final class ThreadNamesProgram {

    private ThreadNamesProgram() {}

    public static void main(String[] args) throws InterruptedException {
        int tasks = 2;
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        CountDownLatch running = new CountDownLatch(tasks);
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                running.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        running.await();
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<Thread, StackTraceElement[]> thread :
                Thread.getAllStackTraces().entrySet()) {
            names.add(thread.getKey().getName() + (thread.getKey().isDaemon() ? " (daemon)" : ""));
        }
        System.out.println("threads: " + names);
        done.countDown();
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
