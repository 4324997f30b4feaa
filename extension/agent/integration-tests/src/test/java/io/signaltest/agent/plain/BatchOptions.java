package io.signaltest.agent.plain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options of the plain example programs, the standard workload options of the scenario matrix: {@code --tasks N
 * --max-concurrent M --task-millis T --cleanup-millis C --work-dir DIR}.
 */
record BatchOptions(int tasks, int maxConcurrent, long taskMillis, long cleanupMillis, Path workDir) {

    static BatchOptions parse(String... args) {
        int tasks = 4;
        int maxConcurrent = 2;
        long taskMillis = 2000;
        long cleanupMillis = 200;
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--tasks" -> tasks = Integer.parseInt(value);
                case "--max-concurrent" -> maxConcurrent = Integer.parseInt(value);
                case "--task-millis" -> taskMillis = Long.parseLong(value);
                case "--cleanup-millis" -> cleanupMillis = Long.parseLong(value);
                case "--work-dir" -> workDir = Path.of(value);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --tasks N --max-concurrent M --task-millis T "
                            + "--cleanup-millis C --work-dir DIR");
            }
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + workDir, e);
        }
        return new BatchOptions(tasks, maxConcurrent, taskMillis, cleanupMillis, workDir);
    }
}
