package io.signaltest.agent.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmark's child: a plain fixed pool of 2 with 6 tasks that block until interrupted; prints {@code ready} once
 * both slots run a task (the state of QUEUE_WAITING). No signaltest code.
 */
public final class AgentBenchProgram {

    private AgentBenchProgram() {}

    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch bothRunning = new CountDownLatch(2);
        for (int i = 0; i < 6; i++) {
            pool.execute(() -> {
                bothRunning.countDown();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException cancelled) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        bothRunning.await();
        System.out.println("ready");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(pool::shutdownNow));
        Thread.sleep(Long.MAX_VALUE);
    }
}
