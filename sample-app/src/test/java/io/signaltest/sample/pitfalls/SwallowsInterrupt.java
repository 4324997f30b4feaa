package io.signaltest.sample.pitfalls;

import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskContext;
import io.signaltest.runtime.TaskRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Catalogue entry 1; pitfalls guide, section 1 (a signal is not an interrupt, and an interrupt is easy to swallow): a
 * task that catches {@code InterruptedException} and carries on.
 *
 * <p>The program uses the signaltest runtime correctly: on Ctrl+C the runtime interrupts the running tasks. But the
 * task works in chunks, and its loop catches the interrupt, logs a warning and goes on with the next chunk, until its
 * whole work time has passed. The cancellation is gone; the runtime waits for tasks that no longer know they were
 * cancelled.
 *
 * <p>Symptom, with tasks running at the signal (BELOW_LIMIT, ALL_SLOTS_FULL, QUEUE_WAITING): the program does not exit
 * after the signal; the harness's thread dump shows the task threads sleeping in {@code SwallowsInterrupt.work}.
 */
public final class SwallowsInterrupt {

    private static final long CHUNK_MILLIS = 1000;

    private SwallowsInterrupt() {}

    public static void main(String[] args) {
        Workload workload = Workload.fromMain("SwallowsInterrupt", args);
        List<Task> tasks = new ArrayList<>();
        for (int id = 1; id <= workload.tasks(); id++) {
            tasks.add(Task.of(
                    "input-" + id, task -> work(task, workload), task -> Thread.sleep(workload.cleanupMillis())));
        }
        TaskRunner.builder()
                .maxConcurrent(workload.maxConcurrent())
                .build()
                .run(tasks)
                .exit();
    }

    private static void work(TaskContext task, Workload workload) throws IOException {
        Path temp = workload.tempFile(task.id());
        task.register("temp file " + temp, () -> Files.deleteIfExists(temp));
        workload.createTempFile(task.id());
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(workload.taskMillis());
        for (long left = workload.taskMillis();
                left > 0;
                left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            try {
                Thread.sleep(Math.min(CHUNK_MILLIS, left));
            } catch (InterruptedException e) {
                System.err.println("WARN " + task.name() + ": interrupted, carrying on"); // the cancellation is gone
            }
        }
    }
}
