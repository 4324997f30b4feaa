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

/**
 * Catalogue entry 6; pitfalls guide, section 5 (exit codes): exit code 0 after Ctrl+C.
 *
 * <p>The program uses the signaltest runtime correctly, and every cleanup runs; but having "handled Ctrl+C gracefully",
 * it exits with 0. Shells, {@code make}, CI systems and orchestrators read 0 as "the work is done", and go on as if it
 * were.
 *
 * <p>Symptom, whenever a signal stops it: "exit code 0, expected 130 (128 + SIGINT)"; the {@code exit} record says the
 * application chose 0 where the runtime proposed 130.
 */
public final class ExitCodeZero {

    private ExitCodeZero() {}

    public static void main(String[] args) {
        Workload workload = Workload.fromMain("ExitCodeZero", args);
        List<Task> tasks = new ArrayList<>();
        for (int id = 1; id <= workload.tasks(); id++) {
            tasks.add(Task.of(
                    "input-" + id, task -> work(task, workload), task -> Thread.sleep(workload.cleanupMillis())));
        }
        RunResult result = TaskRunner.builder()
                .maxConcurrent(workload.maxConcurrent())
                .build()
                .run(tasks);
        if (result.cancelled()) {
            System.out.println("stopped by the user, all cleaned up");
        }
        result.exit(0); // we handled the signal gracefully, so this counts as a success
    }

    private static void work(TaskContext task, Workload workload) throws IOException, InterruptedException {
        Path temp = workload.tempFile(task.id());
        task.register("temp file " + temp, () -> Files.deleteIfExists(temp));
        workload.createTempFile(task.id());
        Thread.sleep(workload.taskMillis());
    }
}
