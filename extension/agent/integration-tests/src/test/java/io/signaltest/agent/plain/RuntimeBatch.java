package io.signaltest.agent.plain;

import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskRunner;
import java.util.ArrayList;
import java.util.List;

/** A batch on the signaltest runtime, which writes its own cleanup log: the agent stands aside from it. */
public final class RuntimeBatch {

    private RuntimeBatch() {}

    public static void main(String[] args) {
        BatchOptions options = BatchOptions.parse(args);
        List<Task> tasks = new ArrayList<>();
        for (int id = 1; id <= options.tasks(); id++) {
            tasks.add(Task.of(
                    "part-" + id,
                    task -> Thread.sleep(options.taskMillis()),
                    task -> Thread.sleep(options.cleanupMillis())));
        }
        TaskRunner.builder().maxConcurrent(options.maxConcurrent()).build().runAndExit(tasks);
    }
}
