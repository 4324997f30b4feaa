package io.signaltest.sample.pitfalls;

import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskContext;
import io.signaltest.runtime.TaskRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue entry 9; pitfalls guide, section 7 (resources of cancelled tasks): a temporary file that only the happy
 * path removes.
 *
 * <p>The program uses the signaltest runtime, and its tasks are cancelled and cleaned up correctly; but each task
 * creates its temporary file in the work directory without registering it ({@code TaskContext.register}), and deletes
 * it only at the end of its work. A cancelled task never gets there, and its cleanup does not know about the file.
 * Since the file is not registered, the log says nothing about it either.
 *
 * <p>Symptom, with tasks running at the signal (BELOW_LIMIT, ALL_SLOTS_FULL, QUEUE_WAITING): files left behind in the
 * work directory ({@code input-1.part}, ...).
 */
public final class LeavesTempFile {

    private LeavesTempFile() {}

    public static void main(String[] args) {
        Workload workload = Workload.fromMain("LeavesTempFile", args);
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

    private static void work(TaskContext task, Workload workload) throws IOException, InterruptedException {
        Path temp = workload.createTempFile(task.id()); // not registered with the task
        Thread.sleep(workload.taskMillis());
        Files.delete(temp); // only reached when the work was not cancelled
    }
}
