package io.signaltest.sample;

import static io.signaltest.sample.ChildJvms.all;
import static io.signaltest.sample.ChildJvms.event;
import static io.signaltest.sample.ChildJvms.one;
import static io.signaltest.sample.ChildJvms.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar as a real child process, the way a user does, and stops it with a real SIGINT. The signal lands
 * at an exact moment: the runtime in the child holds its state at the moment armed with SIGNALTEST_HOLD until the
 * signal arrives, so no sleep paces these tests.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "needs POSIX signals and kill(1)")
class BatchAppIT {

    private static final long POLL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2);

    /** Only ever fails a test that would otherwise hang; never paces one. */
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path work;
    private Path output;
    private Path log;
    private Process child;

    @BeforeEach
    void paths() {
        work = dir.resolve("work");
        output = dir.resolve("output");
        log = dir.resolve("cleanup.jsonl");
    }

    @AfterEach
    void noChildOutlivesItsTest() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    @Test
    void ctrlCWhileTasksWaitForASlotCleansUpTheRunningOnesAndStartsNoOther() throws Exception {
        // Tasks that would work for 10 minutes: only the interrupt can end them before the deadline.
        child = start(
                Map.of("SIGNALTEST_HOLD", "QUEUE_WAITING", "SIGNALTEST_LOG", log.toString()),
                "--tasks",
                "6",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "200",
                "--work-dir",
                work.toString(),
                "--output-dir",
                output.toString());

        JsonNode moment = awaitRecord(r -> event(r, "moment"));
        assertThat(moment.get("moment").asText()).isEqualTo("QUEUE_WAITING");
        assertThat(moment.get("running").asInt()).isEqualTo(2);
        assertThat(moment.get("queued").asInt()).isEqualTo(4);

        kill("INT");

        assertThat(awaitExit()).as(report("exit code")).isEqualTo(130);
        assertThat(stdout())
                .as(report("stdout"))
                .contains("interrupted by SIGINT: 0 done, 2 cancelled while running (cleaned up), 4 never "
                        + "started; exit 130");

        List<JsonNode> records = records();
        assertThat(one(records, "run_started").get("signals").get("INT").asText())
                .isEqualTo("handled");
        JsonNode signal = one(records, "signal_received");
        assertThat(signal.get("signal").asText()).isEqualTo("INT");
        assertThat(signal.get("action").asText()).isEqualTo("cancel");
        assertThat(signal.get("seq").asLong()).isGreaterThan(moment.get("seq").asLong());

        assertThat(tasks(records, "task_started")).containsExactly(1, 2);
        assertThat(all(records, "task_started"))
                .allSatisfy(started -> assertThat(started.get("seq").asLong())
                        .as("task_started after the signal")
                        .isLessThan(signal.get("seq").asLong()));
        assertThat(tasks(records, "task_cancelled")).containsExactlyInAnyOrder(1, 2);
        assertThat(all(records, "task_cancelled"))
                .allSatisfy(r -> assertThat(r.get("was").asText()).isEqualTo("running"));
        assertThat(tasks(records, "task_cancelled_before_start")).containsExactly(3, 4, 5, 6);
        assertCleanupRanToTheEnd(records, 1, 2);
        assertEveryResourceClosed(records);
        assertThat(all(records, "task_event"))
                .extracting(r -> r.get("name").asText())
                .as("events of the cancelled tasks: no output was published")
                .containsOnly("flushed");

        JsonNode exit = one(records, "exit");
        assertThat(exit.get("code").asInt()).isEqualTo(130);
        assertThat(exit.get("chosen_by").asText()).isEqualTo("runtime");

        assertThat(list(work)).as("temporary files left in the work directory").isEmpty();
        assertThat(list(output)).as("outputs of cancelled tasks").isEmpty();
    }

    @Test
    void aSecondCtrlCDuringCleanupDoesNotCutItShortAndSaysSo() throws Exception {
        // The default output directory (batch-output, in the child's working directory): nothing is published.
        child = start(
                Map.of("SIGNALTEST_HOLD", "QUEUE_WAITING,DURING_CLEANUP", "SIGNALTEST_LOG", log.toString()),
                "--tasks",
                "4",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "200",
                "--work-dir",
                work.toString());

        awaitRecord(r -> event(r, "moment") && r.get("moment").asText().equals("QUEUE_WAITING"));
        kill("INT");
        JsonNode duringCleanup =
                awaitRecord(r -> event(r, "moment") && r.get("moment").asText().equals("DURING_CLEANUP"));
        assertThat(duringCleanup.get("in_cleanup").asInt()).isPositive();
        kill("INT");

        assertThat(awaitExit()).as(report("exit code")).isEqualTo(130);
        List<JsonNode> records = records();
        assertThat(all(records, "signal_received"))
                .extracting(r -> r.get("action").asText())
                .containsExactly("cancel", "ignored-during-cleanup");
        assertCleanupRanToTheEnd(records, 1, 2);
        assertEveryResourceClosed(records);
        assertThat(list(work)).as("temporary files left in the work directory").isEmpty();
        // Both cancelled tasks are unfinished when the second SIGINT lands: one holds in its cleanup, the other waits
        // to start it.
        assertThat(stdout().lines().filter(line -> line.startsWith("still cleaning up")))
                .as(report("what the second Ctrl+C prints"))
                .containsExactly("still cleaning up 2 tasks; SIGINT ignored");
        assertThat(dir.resolve("batch-output"))
                .as("an output directory of a run that published nothing")
                .doesNotExist();
    }

    @Test
    void withoutASignalEveryInputIsPublishedAndNothingIsLeftBehind() throws Exception {
        // Default work directory (made under java.io.tmpdir and removed at the end) and default output directory.
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        child = start(
                List.of("-Djava.io.tmpdir=" + tmp),
                Map.of(),
                "--tasks",
                "3",
                "--max-concurrent",
                "2",
                "--task-millis",
                "0",
                "--cleanup-millis",
                "0",
                "--log",
                log.toString());

        assertThat(awaitExit()).as(report("exit code")).isEqualTo(0);
        assertThat(stdout()).as(report("stdout")).contains("finished: 3 done; exit 0");
        Path published = dir.resolve("batch-output");
        assertThat(list(published)).containsExactly("input-01.txt", "input-02.txt", "input-03.txt");
        assertThat(Files.readString(published.resolve("input-02.txt"))).startsWith("input-02 processed in slot ");
        assertThat(list(tmp))
                .as("the default work directory and anything in it")
                .isEmpty();

        List<JsonNode> records = records();
        assertThat(tasks(records, "task_completed")).containsExactlyInAnyOrder(1, 2, 3);
        assertEveryResourceClosed(records);
        assertThat(one(records, "exit").get("code").asInt()).isEqualTo(0);
    }

    @Test
    void aFailingTaskIsReportedAndMeansExitCode1() throws Exception {
        child = start(
                Map.of(),
                "--tasks",
                "3",
                "--max-concurrent",
                "1",
                "--task-millis",
                "0",
                "--cleanup-millis",
                "0",
                "--fail-task",
                "2",
                "--work-dir",
                work.toString(),
                "--output-dir",
                output.toString());

        assertThat(awaitExit()).as(report("exit code")).isEqualTo(1);
        assertThat(stdout())
                .as(report("stdout"))
                .contains("finished with problems: 2 done, 1 failed; exit 1\n"
                        + "  task 2 (input-02) failed: java.io.IOException: input-02: simulated "
                        + "failure (--fail-task 2)");
        assertThat(list(output)).containsExactly("input-01.txt", "input-03.txt");
        assertThat(list(work)).as("temporary files left in the work directory").isEmpty();
    }

    @Test
    void aBadOptionPrintsTheMistakeAndTheUsageAndMeansExitCode2() throws Exception {
        child = start(Map.of(), "--taks", "5");

        assertThat(awaitExit()).as(report("exit code")).isEqualTo(2);
        assertThat(stderr())
                .isEqualTo("batch-app: unknown option '--taks'; the options are listed below\n\n" + Options.USAGE);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void helpPrintsTheUsageAndMeansExitCode0() throws Exception {
        child = start(Map.of(), "--help");

        assertThat(awaitExit()).as(report("exit code")).isEqualTo(0);
        assertThat(stdout()).isEqualTo(Options.USAGE);
        assertThat(stderr()).isEmpty();
    }

    // ---------------------------------------------------------------- the child process

    private Process start(Map<String, String> env, String... args) throws IOException {
        return start(List.of(), env, args);
    }

    private Process start(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        String jar = System.getProperty("sample.app.jar");
        assertThat(jar)
                .as("system property sample.app.jar (set by the build: run this test with Failsafe, after package)")
                .isNotNull();
        List<String> command = new ArrayList<>();
        command.addAll(ChildJvms.defaultDispositions());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SIGNALTEST_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private void kill(String signal) throws Exception {
        ChildJvms.kill(child, signal);
    }

    private int awaitExit() throws InterruptedException {
        if (!child.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the child did not exit within %s%s", DEADLINE, report(""));
        }
        return child.exitValue();
    }

    /** Polls the log until a record matches; fails if the child exits first or the deadline passes. */
    private JsonNode awaitRecord(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode r : records()) {
                if (wanted.test(r)) {
                    return r;
                }
            }
            if (!child.isAlive()) {
                fail("the child exited (code %d) before the awaited log record%s", child.exitValue(), report(""));
            }
            LockSupport.parkNanos(POLL_NANOS); // the next look at the file, not a pause: the deadline bounds the wait
        }
        return fail("no awaited log record within %s%s", DEADLINE, report(""));
    }

    private List<JsonNode> records() throws IOException {
        return ChildJvms.records(log);
    }

    private String report(String what) {
        return String.format(
                "%s%n--- stdout ---%n%s%n--- stderr ---%n%s%n--- log ---%n%s", what, stdout(), stderr(), read(log));
    }

    private String stdout() {
        return read(dir.resolve("stdout.txt"));
    }

    private String stderr() {
        return read(dir.resolve("stderr.txt"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    // ---------------------------------------------------------------- the log

    /**
     * Each task started, its cleanup started, reached its end (the "flushed" event), finished, and only then was the
     * task ended.
     */
    private static void assertCleanupRanToTheEnd(List<JsonNode> records, int... taskIds) {
        for (int task : taskIds) {
            List<String> events = records.stream()
                    .filter(r -> r.path("task").asInt() == task)
                    .map(r -> event(r, "task_event")
                            ? "task_event:" + r.get("name").asText()
                            : r.get("event").asText())
                    .filter(e -> e.startsWith("cleanup_") || e.startsWith("task_"))
                    .collect(Collectors.toList());
            assertThat(events)
                    .as("cleanup records of task %d", task)
                    .containsExactly(
                            "task_queued",
                            "task_started",
                            "cleanup_started",
                            "task_event:flushed",
                            "cleanup_finished",
                            "task_cancelled");
        }
    }

    /** Every resource a task opened was closed: in particular its temporary file was deleted. */
    private static void assertEveryResourceClosed(List<JsonNode> records) {
        List<String> opened = all(records, "resource_opened").stream()
                .map(r -> r.get("task").asInt() + " " + r.get("resource").asText())
                .collect(Collectors.toList());
        List<String> closed = all(records, "resource_closed").stream()
                .map(r -> r.get("task").asInt() + " " + r.get("resource").asText())
                .collect(Collectors.toList());
        assertThat(opened).isNotEmpty();
        assertThat(closed).containsExactlyInAnyOrderElementsOf(opened);
        assertThat(all(records, "resource_close_failed")).isEmpty();
    }
}
