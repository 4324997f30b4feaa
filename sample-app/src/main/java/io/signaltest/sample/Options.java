package io.signaltest.sample;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@link BatchApp}, read by {@link #parse}.
 *
 * @param tasks how many inputs to process
 * @param maxConcurrent how many tasks run at once
 * @param taskMillis how long each task works
 * @param cleanupMillis how long each cleanup takes
 * @param log where the cleanup log goes, or null for none
 * @param workDir where temporary files go, or null for a fresh directory in the system temp dir
 * @param outputDir where outputs are published
 * @param failTask the id of the task that fails on purpose, or 0 for none
 * @param help {@code --help} was given: print {@link #USAGE} and do nothing else
 */
record Options(
        int tasks,
        int maxConcurrent,
        long taskMillis,
        long cleanupMillis,
        Path log,
        Path workDir,
        Path outputDir,
        int failTask,
        boolean help) {

    static final String USAGE = """
            Usage: java -jar signaltest-sample-app-<version>.jar [options]

            Processes N inputs, at most M at a time. Each task writes a temporary file in the
            work directory, works on it, then publishes its output. Press Ctrl+C to stop: running
            tasks are cancelled and cleaned up, waiting tasks never start.

            Options:
              --tasks N            number of inputs to process (default 10)
              --max-concurrent M   most tasks running at once (default 3)
              --task-millis T      how long each task works, in milliseconds (default 1000)
              --cleanup-millis C   how long each cleanup takes, in milliseconds (default 200)
              --log PATH           write the cleanup log (JSON Lines) to PATH
              --work-dir DIR       where temporary files go (default: a new directory in the
                                   system temp directory, removed at the end)
              --output-dir DIR     where outputs are published (default: batch-output)
              --fail-task K        make task K fail, to see how failures are reported
              --help               print this help and exit

            Exit codes: 0 all done; 1 a task failed; 2 bad options;
                        128 + signal number when stopped by a signal (130 for Ctrl+C, 143 for SIGTERM).
            """;

    private static final List<String> OPTIONS = List.of(
            "--tasks",
            "--max-concurrent",
            "--task-millis",
            "--cleanup-millis",
            "--log",
            "--work-dir",
            "--output-dir",
            "--fail-task",
            "--help");

    /**
     * Reads {@code args}; {@code --help} anywhere wins over everything else.
     *
     * @throws UsageException naming the mistake, when an option is unknown, lacks its value or has a bad one
     */
    static Options parse(String... args) throws UsageException {
        if (List.of(args).contains("--help")) {
            return new Options(0, 1, 0, 0, null, null, Path.of("batch-output"), 0, true);
        }
        int tasks = 10;
        int maxConcurrent = 3;
        long taskMillis = 1000;
        long cleanupMillis = 200;
        Path log = null;
        Path workDir = null;
        Path outputDir = Path.of("batch-output");
        int failTask = 0;

        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) { // --tasks=5 as well as --tasks 5
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (!OPTIONS.contains(name)) {
                throw new UsageException(
                        name.startsWith("-")
                                ? "unknown option '" + name + "'; the options are listed below"
                                : "unexpected argument '" + name
                                        + "'; this program takes only the options listed below");
            }
            if (value == null) {
                if (i + 1 == args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException(name + " needs a value, for example: " + name + " " + example(name));
                }
                value = args[++i];
            }
            switch (name) {
                case "--tasks" -> tasks = (int) number(name, value, 0, Integer.MAX_VALUE);
                case "--max-concurrent" -> maxConcurrent = (int) number(name, value, 1, Integer.MAX_VALUE);
                case "--task-millis" -> taskMillis = number(name, value, 0, Long.MAX_VALUE);
                case "--cleanup-millis" -> cleanupMillis = number(name, value, 0, Long.MAX_VALUE);
                case "--log" -> log = path(name, value);
                case "--work-dir" -> workDir = path(name, value);
                case "--output-dir" -> outputDir = path(name, value);
                case "--fail-task" -> failTask = (int) number(name, value, 1, Integer.MAX_VALUE);
                default -> throw new AssertionError("option listed but not handled: " + name);
            }
        }
        if (failTask > tasks) {
            throw new UsageException("--fail-task " + failTask + " names no task: there are " + tasks
                    + " (--tasks), numbered 1 to " + tasks + "; pick one of them");
        }
        return new Options(tasks, maxConcurrent, taskMillis, cleanupMillis, log, workDir, outputDir, failTask, false);
    }

    private static long number(String name, String value, long min, long max) throws UsageException {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(
                    name + " expects a whole number, got '" + value + "'; for example: " + name + " " + example(name));
        }
        if (n < min) {
            throw new UsageException(name + " must be at least " + min + ", got " + n);
        }
        if (n > max) {
            throw new UsageException(name + " must be at most " + max + ", got " + n);
        }
        return n;
    }

    private static Path path(String name, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(
                    name + " needs a path, got an empty value; for example: " + name + " " + example(name));
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(name + " got '" + value + "', which is not a valid path here: " + e.getReason());
        }
    }

    private static String example(String name) {
        return switch (name) {
            case "--log" -> "cleanup.jsonl";
            case "--work-dir" -> "work";
            case "--output-dir" -> "batch-output";
            case "--task-millis", "--cleanup-millis" -> "500";
            default -> "3";
        };
    }

    /**
     * A mistake on the command line: {@link BatchApp} prints {@link #report()} to stderr and exits with
     * {@link #exitCode()}.
     */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }

        /** 2, the usual exit code of a command-line mistake. */
        int exitCode() {
            return 2;
        }

        /** The mistake, then the usage. */
        String report() {
            return "batch-app: " + getMessage() + "\n\n" + USAGE;
        }
    }
}
