// tag::file[]
package com.example;

import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskContext;
import io.signaltest.runtime.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Works on N files, at most M at a time, and stops cleanly on Ctrl+C. Its options are the
 * standard workload options of signaltest's scenarios:
 * {@code --tasks N --max-concurrent M --task-millis T --cleanup-millis C --work-dir DIR}.
 */
public final class FileBatch {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int tasks = Integer.parseInt(options.getOrDefault("--tasks", "10"));
        int maxConcurrent = Integer.parseInt(options.getOrDefault("--max-concurrent", "3"));
        long taskMillis = Long.parseLong(options.getOrDefault("--task-millis", "1000"));
        long cleanupMillis = Long.parseLong(options.getOrDefault("--cleanup-millis", "100"));
        Path workDir = Files.createDirectories(Path.of(options.getOrDefault("--work-dir", "work")));

        List<Task> work = new ArrayList<>();
        for (int i = 1; i <= tasks; i++) {
            work.add(Task.of("file-" + i,
                    task -> process(task, workDir, taskMillis),
                    task -> Thread.sleep(cleanupMillis))); // the cleanup: say, a flush that must not be cut short
        }
        TaskRunner.builder()
                .maxConcurrent(maxConcurrent)
                .build()
                .run(work)
                .exit(); // 0; 1 after a failure; 130 after Ctrl+C; 143 after SIGTERM
    }

    /** One task's work. It keeps a temporary file, which is deleted however the task ends. */
    private static void process(TaskContext task, Path workDir, long millis) throws Exception {
        Path temp = workDir.resolve(task.name() + ".part");
        task.register("temp file " + temp, () -> Files.deleteIfExists(temp));
        Files.writeString(temp, "partial result of " + task.name());
        Thread.sleep(millis); // the slow part: Ctrl+C interrupts it
    }
}
// end::file[]
