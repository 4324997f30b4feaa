package io.signaltest.junit.internal.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The files of one run, under {@code <base>/<test class>/<test method>/<invocation>/}: the
 * cleanup log, stdout, stderr, a readable timeline, a report, and a thread dump when one was
 * taken, and the full command, one argument a line. Each invocation has its own directory, so runs in parallel never share a file.
 */
public final class RunDirectory {

    public static final String LOG = "cleanup.jsonl";
    public static final String STDOUT = "stdout.txt";
    public static final String STDERR = "stderr.txt";
    public static final String TIMELINE = "timeline.txt";
    public static final String THREAD_DUMP = "thread-dump.txt";
    public static final String REPORT = "report.txt";
    public static final String COMMAND = "command.txt";

    private static final int MAX_NAME_LENGTH = 80;

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Creates the directory, emptied of an earlier run's files. */
    public static RunDirectory prepare(Path base, String testClass, String testMethod, String invocation) {
        Path path = base.resolve(sanitize(testClass.replace('$', '.')))
                .resolve(sanitize(testMethod))
                .resolve(sanitize(invocation))
                .toAbsolutePath().normalize();
        try {
            if (Files.exists(path)) {
                try (Stream<Path> old = Files.walk(path)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        if (!p.equals(path)) {
                            Files.delete(p);
                        }
                    }
                }
            }
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run directory " + path + ": " + e.getMessage()
                    + "; make it writable, or choose another base with the configuration parameter "
                    + "signaltest.output.directory", e);
        }
        return new RunDirectory(path);
    }

    /** A file-name-safe form of {@code name}: "QUEUE_WAITING, SIGINT x3" becomes "QUEUE_WAITING-SIGINT-x3". */
    public static String sanitize(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        if (safe.isEmpty()) {
            safe = "run";
        }
        return safe.length() <= MAX_NAME_LENGTH ? safe : safe.substring(0, MAX_NAME_LENGTH);
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** Writes {@code text} to the file {@code name}; a failure to write a report file never hides the run's result. */
    public void write(String name, String text) {
        try {
            Files.writeString(path.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the report is a convenience; the failure message carries the same facts
        }
    }
}
