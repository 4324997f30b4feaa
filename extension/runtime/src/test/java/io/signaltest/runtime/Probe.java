package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds observable tasks for in-process tests and records what the runtime did with them. */
final class Probe {

    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final Map<Integer, AtomicInteger> bodies = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> cleanups = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> cancelledCallbacks = new ConcurrentHashMap<>();
    /** Counted down when a body returns or throws. */
    final CountDownLatch release = new CountDownLatch(1);

    /** Tasks whose body blocks until {@link #release} opens or the thread is interrupted. */
    List<Task> blocking(int count) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tasks.add(task(i, context -> release.await()));
        }
        return tasks;
    }

    /** Tasks whose body returns at once. */
    List<Task> instant(int count) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tasks.add(task(i, context -> {}));
        }
        return tasks;
    }

    Task task(int id, TaskBody work) {
        return task(id, work, context -> {});
    }

    Task task(int id, TaskBody work, TaskCleanup cleanup) {
        return Task.of(
                        "task-" + id,
                        context -> {
                            bodies.computeIfAbsent(context.id(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            int now = running.incrementAndGet();
                            maxRunning.accumulateAndGet(now, Math::max);
                            try {
                                work.run(context);
                            } finally {
                                running.decrementAndGet();
                            }
                        },
                        context -> {
                            cleanups.computeIfAbsent(context.id(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            cleanup.cleanup(context);
                        })
                .onCancelledBeforeStart(() -> cancelledCallbacks
                        .computeIfAbsent(id, k -> new AtomicInteger())
                        .incrementAndGet());
    }

    int bodyRuns(int id) {
        AtomicInteger n = bodies.get(id);
        return n == null ? 0 : n.get();
    }

    int cleanupRuns(int id) {
        AtomicInteger n = cleanups.get(id);
        return n == null ? 0 : n.get();
    }
}
