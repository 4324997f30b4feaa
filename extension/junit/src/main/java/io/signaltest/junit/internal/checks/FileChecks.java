package io.signaltest.junit.internal.checks;

import io.signaltest.junit.SignalRun;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The checks of the files a run leaves behind: in a directory the test names, and in the program's own temporary
 * directory. Each is a plain function from a run to a {@link CheckVerdict}.
 */
public final class FileChecks {

    private FileChecks() {}

    // ------------------------------------------------------------------------------ files

    public static CheckVerdict leftNoFilesIn(SignalRun run, java.nio.file.Path directory) {
        Objects.requireNonNull(directory, "directory must not be null");
        CheckVerdict v = CheckVerdict.expecting("no file to be left behind in " + directory);
        List<String> left = leftIn(directory, false);
        for (String file : left) {
            v.finding("file left behind in " + directory.getFileName() + ": " + file);
        }
        v.hint("register every temporary file or handle where it is opened (TaskContext.register) or delete it in the "
                + "task's cleanup, so that a cancelled task leaves nothing behind");
        return v;
    }

    /**
     * Fails on anything left in the child's own temporary directory ({@code java.io.tmpdir}, {@code TMPDIR}): each
     * file, and each directory left empty, by name.
     */
    public static CheckVerdict leftNoTemporaryFiles(SignalRun run) {
        java.nio.file.Path directory = run.temporaryDirectory();
        CheckVerdict v = CheckVerdict.expecting(
                "nothing to be left in the program's temporary directory " + "(java.io.tmpdir, TMPDIR) " + directory);
        for (String left : leftIn(directory, true)) {
            v.finding("temporary file left behind: " + left);
        }
        v.hint("a temporary file (Files.createTempFile, File.createTempFile, Python's tempfile) must be deleted on "
                + "every way out of the task, cancellation included: register it with the task (TaskContext.register) "
                + "or delete it in the cleanup, not only after the work succeeded");
        return v;
    }

    /**
     * The files under {@code directory}, relative and sorted; with {@code emptyDirectories}, those too (ending in /).
     */
    private static List<String> leftIn(java.nio.file.Path directory, boolean emptyDirectories) {
        if (!java.nio.file.Files.isDirectory(directory)) {
            return List.of(); // nothing was ever written there
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(directory)) {
            return files.filter(p -> !p.equals(directory))
                    .filter(p -> !java.nio.file.Files.isDirectory(p) || emptyDirectories && isEmptyDirectory(p))
                    .map(p -> directory.relativize(p).toString() + (java.nio.file.Files.isDirectory(p) ? "/" : ""))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + directory + " to look for files left behind", e);
        }
    }

    private static boolean isEmptyDirectory(java.nio.file.Path directory) {
        try (java.util.stream.Stream<java.nio.file.Path> entries = java.nio.file.Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
