package io.signaltest.sample;

import io.signaltest.runtime.RunResult;
import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskContext;
import io.signaltest.runtime.TaskRunner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch file processor on the signaltest runtime, where Ctrl+C really works.
 *
 * <p>For each input, a task writes a temporary file in the work directory, works on it, and publishes the result into
 * the output directory with an atomic move. On Ctrl+C (SIGINT), SIGTERM or SIGHUP the runtime interrupts the running
 * tasks, runs each one's cleanup to the end, deletes their temporary files, never starts the waiting ones, and the
 * program exits with 128 + the signal's number.
 *
 * <pre>
 * java -jar signaltest-sample-app-&lt;version&gt;.jar --tasks 8 --max-concurrent 3 --log cleanup.jsonl
 * </pre>
 *
 * Run with {@code --help} for every option.
 */
public final class BatchApp {

    private final Options options;
    private final Path workDir;

    private BatchApp(Options options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            System.err.print(e.report());
            System.exit(e.exitCode());
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }

        boolean freshWorkDir = options.workDir() == null;
        Path workDir;
        try {
            workDir = freshWorkDir
                    ? Files.createTempDirectory("batch-work-")
                    : Files.createDirectories(options.workDir());
        } catch (IOException e) {
            System.err.println("batch-app: cannot create the work directory: " + e
                    + "; pass a --work-dir directory you can write to");
            System.exit(2);
            return;
        }

        TaskRunner.Builder runner =
                TaskRunner.builder().maxConcurrent(options.maxConcurrent()).onIgnoredSignal(BatchApp::stillCleaningUp);
        if (options.log() != null) {
            runner.log(options.log());
        }
        RunResult result = runner.build().run(new BatchApp(options, workDir).tasks());

        if (freshWorkDir) {
            try {
                Files.delete(workDir);
            } catch (DirectoryNotEmptyException leftovers) {
                // Every task deletes its own temporary file, so this is a bug: keep the evidence.
                System.err.println("batch-app: files were left behind in " + workDir);
            }
        }
        System.out.println(Summary.of(result));
        result.exit();
    }

    private List<Task> tasks() {
        String nameFormat =
                "input-%0" + Math.max(2, String.valueOf(options.tasks()).length()) + "d";
        List<Task> tasks = new ArrayList<>(options.tasks());
        for (int i = 1; i <= options.tasks(); i++) {
            tasks.add(Task.of(String.format(nameFormat, i), this::process, this::cleanUp));
        }
        return tasks;
    }

    /**
     * The task's body. It runs on a slot thread that the runtime interrupts on Ctrl+C: the InterruptedException (or
     * ClosedByInterruptException from file I/O) ends the task at once. Nothing is touched on disk before the task
     * starts, so a task cancelled while it waits for a slot leaves no trace.
     */
    private void process(TaskContext task) throws IOException, InterruptedException {
        say(task, "processing");
        Path temp = workDir.resolve(task.name() + ".part");
        // Registered before the file exists, so that it is deleted however far the task gets, and
        // after the writer below is closed (the runtime closes in reverse order).
        task.register("temp file " + temp, () -> Files.deleteIfExists(temp));
        BufferedWriter out = task.register("writer " + temp, Files.newBufferedWriter(temp));

        out.write(task.name() + " processed in slot " + task.slot() + "\n");
        Thread.sleep(options.taskMillis()); // the slow part of the work
        if (task.id() == options.failTask()) {
            throw new IOException(task.name() + ": simulated failure (--fail-task " + task.id() + ")");
        }
        out.close();

        Path output = options.outputDir().resolve(task.name() + ".txt");
        publish(task, temp, output);
        task.event("published", output.toString());
        say(task, "published " + output);
    }

    /**
     * Moves the finished file into place in one step, so that a reader of the output directory never sees half an
     * output, not even after Ctrl+C. The output directory is made by the first task that publishes, so a run that
     * publishes nothing leaves none behind.
     */
    private static void publish(TaskContext task, Path temp, Path output) throws IOException {
        Files.createDirectories(output.getParent());
        try {
            Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            // The work directory is on another file system (a tmpfs /tmp, say): copy next to the
            // output first, then rename there.
            Path staged = output.resolveSibling("." + output.getFileName() + ".part");
            task.register("staged file " + staged, () -> Files.deleteIfExists(staged));
            Files.copy(temp, staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, output, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * The task's cleanup: runs once for every task that started, however it ended, and then the runtime closes what the
     * task registered (writer first, then the temporary file). The runtime shields it: no interrupt reaches it, and a
     * second Ctrl+C does not cut it short.
     */
    private void cleanUp(TaskContext task) throws InterruptedException {
        if (task.isCancelled()) {
            say(task, "cancelled, cleaning up");
        }
        Thread.sleep(options.cleanupMillis()); // stands in for flushing to slow storage
        task.event("flushed", options.cleanupMillis() + " ms");
    }

    /** A second Ctrl+C while tasks clean up: say why nothing more happens. */
    private static void stillCleaningUp(String signal, int cleaningUp) {
        System.out.printf(
                "still cleaning up %d task%s; SIG%s ignored%n", cleaningUp, cleaningUp == 1 ? "" : "s", signal);
    }

    private static void say(TaskContext task, String what) {
        System.out.printf("%s [slot %d] %s%n", task.name(), task.slot(), what);
    }
}
