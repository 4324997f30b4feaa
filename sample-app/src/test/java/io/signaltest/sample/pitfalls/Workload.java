package io.signaltest.sample.pitfalls;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The standard workload options that every program of the pitfall catalogue accepts, so that one scenario matrix can
 * run them all:
 *
 * <pre>
 * --tasks N --max-concurrent M --task-millis T --cleanup-millis C --work-dir DIR
 * </pre>
 *
 * @param tasks how many tasks the program runs
 * @param maxConcurrent how many run at once
 * @param taskMillis how long each task works; the matrix makes this very long, so tasks end only by cancellation
 * @param cleanupMillis how long each cleanup takes
 * @param workDir where tasks put their temporary files; nothing may be left there at the end
 */
public record Workload(int tasks, int maxConcurrent, long taskMillis, long cleanupMillis, Path workDir) {

    static final String USAGE =
            "options: --tasks N --max-concurrent M --task-millis T --cleanup-millis C --work-dir DIR";

    /**
     * Reads the options; those not given keep their defaults (4 tasks, 2 at a time, 2000 ms of work, 200 ms of cleanup,
     * a new directory under {@code java.io.tmpdir}).
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public static Workload parse(String... args) {
        int tasks = 4;
        int maxConcurrent = 2;
        long taskMillis = 2000;
        long cleanupMillis = 200;
        Path workDir = null;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs a value; " + USAGE);
            }
            String value = args[i + 1];
            switch (name) {
                case "--tasks" -> tasks = (int) number(name, value, 0, Integer.MAX_VALUE);
                case "--max-concurrent" -> maxConcurrent = (int) number(name, value, 1, Integer.MAX_VALUE);
                case "--task-millis" -> taskMillis = number(name, value, 0, Long.MAX_VALUE);
                case "--cleanup-millis" -> cleanupMillis = number(name, value, 0, Long.MAX_VALUE);
                case "--work-dir" -> workDir = path(value);
                case "--output-dir" -> path(value); // as BatchApp takes it; these programs publish nothing
                default -> throw new IllegalArgumentException("unknown option '" + name + "'; " + USAGE);
            }
        }
        try {
            workDir = workDir == null ? Files.createTempDirectory("pitfall-work-") : Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the work directory " + workDir + ": " + e.getMessage()
                            + "; pass --work-dir with a directory you can write to",
                    e);
        }
        return new Workload(tasks, maxConcurrent, taskMillis, cleanupMillis, workDir);
    }

    /** {@link #parse} for a {@code main}: a bad option prints the mistake and exits with 2. */
    static Workload fromMain(String program, String... args) {
        try {
            return parse(args);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println(program + ": " + e.getMessage());
            System.exit(2);
            throw new AssertionError("unreachable");
        }
    }

    /** These options as a command line, the inverse of {@link #parse}. */
    public List<String> args() {
        return List.of(
                "--tasks",
                Integer.toString(tasks),
                "--max-concurrent",
                Integer.toString(maxConcurrent),
                "--task-millis",
                Long.toString(taskMillis),
                "--cleanup-millis",
                Long.toString(cleanupMillis),
                "--work-dir",
                workDir.toString());
    }

    /** The temporary file of task {@code id} (1-based), in the work directory. */
    Path tempFile(int id) {
        return workDir.resolve("input-" + id + ".part");
    }

    /**
     * Creates (or truncates) the temporary file of task {@code id}, as the first step of its work. Written with
     * {@code java.io}, which a pending interrupt does not abort (an NIO channel would throw
     * {@code ClosedByInterruptException}), so that every program of the catalogue reaches its own mistake the same way.
     */
    Path createTempFile(int id) throws IOException {
        Path temp = tempFile(id);
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            out.write(("partial output of input-" + id + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return temp;
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(name + " " + value + " is not a whole number from " + min
                + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? " up" : " to " + max));
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--work-dir " + value + " is not a path: " + e.getReason());
        }
    }
}
