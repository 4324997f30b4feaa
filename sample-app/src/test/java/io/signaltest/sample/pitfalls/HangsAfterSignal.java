package io.signaltest.sample.pitfalls;

import io.signaltest.runtime.RunResult;
import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskContext;
import io.signaltest.runtime.TaskRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Catalogue entry 11; pitfalls guide, section 9 (hanging after the signal): a helper thread that waits for work that
 * never comes.
 *
 * <p>The program uses the signaltest runtime correctly, and its run ends cleanly after Ctrl+C. But a non-daemon
 * "metrics-flusher" thread, started beside the run, ends only once every task has reported its metrics, and the program
 * joins it before exiting, to flush the last batch. Cancelled tasks never report, so the flusher never ends, and
 * neither does the program: the log has {@code run_finished} but no {@code exit}.
 *
 * <p>Symptom, whenever a signal cancels a task: the program does not exit after the signal; the harness's thread dump
 * shows the {@code metrics-flusher} thread, and {@code main} in {@code Thread.join}.
 */
public final class HangsAfterSignal {

    private HangsAfterSignal() {}

    public static void main(String[] args) throws InterruptedException {
        Workload workload = Workload.fromMain("HangsAfterSignal", args);
        MetricsFlusher flusher = new MetricsFlusher(workload.tasks());
        flusher.start();
        List<Task> tasks = new ArrayList<>();
        for (int id = 1; id <= workload.tasks(); id++) {
            tasks.add(Task.of(
                    "input-" + id,
                    task -> work(task, workload, flusher),
                    task -> Thread.sleep(workload.cleanupMillis())));
        }
        RunResult result = TaskRunner.builder()
                .maxConcurrent(workload.maxConcurrent())
                .build()
                .run(tasks);
        System.out.println("waiting for the metrics flusher to write the last batch");
        flusher.join();
        result.exit();
    }

    private static void work(TaskContext task, Workload workload, MetricsFlusher flusher)
            throws IOException, InterruptedException {
        Path temp = workload.tempFile(task.id());
        task.register("temp file " + temp, () -> Files.deleteIfExists(temp));
        workload.createTempFile(task.id());
        Thread.sleep(workload.taskMillis());
        flusher.reported();
    }

    /** Flushes metrics every 100 ms until every task has reported. */
    private static final class MetricsFlusher extends Thread {
        private final int expected;
        private final AtomicInteger reported = new AtomicInteger();

        MetricsFlusher(int expected) {
            super("metrics-flusher");
            this.expected = expected;
        }

        void reported() {
            reported.incrementAndGet();
        }

        @Override
        public void run() {
            while (reported.get() < expected) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                flush();
            }
            flush();
        }

        private void flush() {
            // the metrics backend is not part of this example
        }
    }
}
