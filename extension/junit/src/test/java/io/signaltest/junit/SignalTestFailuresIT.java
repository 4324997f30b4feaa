package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.CrashingApp;
import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.runtime.Moment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * Programs that do not survive the scenario, or cannot be tested by it: each fails its test with a message that says
 * what happened, what was expected and what to do, and no child process outlives the test.
 */
class SignalTestFailuresIT {

    @Test
    void childThatCrashesBeforeTheMoment() {
        // Also: the run's files go where the configuration parameter says.
        Failure failure = run(
                "crashesBeforeTheMoment", Map.of(SignalTest.OUTPUT_DIRECTORY_PROPERTY, "target/signaltest-elsewhere"));
        assertThat(failure.directory())
                .startsWith(Path.of("target", "signaltest-elsewhere").toAbsolutePath())
                .endsWith(Path.of("crashesBeforeTheMoment", "QUEUE_WAITING-SIGINT"));
        assertThat(failure.directory().resolve("stderr.txt"))
                .content()
                .isEqualTo("crashing app: cannot read the input directory\n");
        assertThat(failure.message())
                .startsWith("The child exited with code 3 before reaching QUEUE_WAITING.")
                .contains("It wrote no cleanup log: moments named by `at` need a program on the signaltest runtime or "
                        + "under the agent")
                .contains("crashing app: cannot read the input directory");
        assertThat(failure.exitCode()).isEqualTo(3);
    }

    @Test
    void childThatNeverReachesTheMoment() {
        // The deadline comes from the configuration parameter: the annotation leaves it at 0 (the default).
        Failure failure = run("neverReachesTheMoment", Map.of(SignalTest.MOMENT_TIMEOUT_PROPERTY, "2000"));
        assertThat(failure.message())
                .startsWith("The child did not reach ALL_SLOTS_FULL within 2000 ms (the moment deadline). "
                        + "signaltest took a thread dump of it (below) and killed it.")
                .contains("What to do: See the thread dump below")
                .contains("thread dump of the child (also in thread-dump.txt):")
                .contains("\"signaltest-slot-1\"");
        assertThat(failure.directory().resolve("thread-dump.txt")).content().contains("RuntimeApp.body");
        assertGone(failure.pid());
    }

    @Test
    void runThatCannotReachTheMoment() {
        // 1 task never fills 2 slots: the runtime says so at the start, and the harness stops at once
        Failure failure = run("cannotReachTheMoment");
        assertThat(failure.message())
                .startsWith("The child's run cannot reach QUEUE_WAITING: the runtime logged moment_missed")
                .contains("1 tasks never fill 2 slots")
                .contains("more tasks than maxConcurrent");
        assertGone(failure.pid());
    }

    @Test
    void childThatHangsAfterTheSignal() {
        Failure failure = run("hangsAfterTheSignal");
        assertThat(failure.message())
                .startsWith("The child did not exit within 2000 ms after SIGINT (it hangs after the signal). "
                        + "signaltest took a thread dump of it (below) and killed it.")
                .contains(
                        "Expected it to cancel its tasks, finish its cleanup and exit after SIGINT at ALL_SLOTS_FULL.")
                .contains("RuntimeApp.hangForever");
        assertGone(failure.pid());
        // The helper shares the child's process group, ignores SIGINT and is no longer the child's
        // descendant: only the kill of the whole group ends it.
        long helper = CleanupLog.read(failure.directory().resolve("cleanup.jsonl")).records("task_event").stream()
                .filter(r -> r.text("name").orElse("").equals("helper"))
                .map(r -> Long.parseLong(r.text("detail").orElseThrow()))
                .findFirst()
                .orElseThrow();
        assertGone(helper);
    }

    @Test
    void malformedLogLine() {
        Failure failure = run("malformedLogLine");
        assertThat(failure.message())
                .startsWith("The child's cleanup log has a line that is not a valid record: line 2 is not a "
                        + "valid log record")
                .contains("this is not a record")
                .contains("What to do: Fix the code that writes the log");
        assertGone(failure.pid());
    }

    @Test
    void logOfAFormatVersionThisHarnessDoesNotRead() {
        Failure failure = run("logOfAnUnreadableVersion");
        assertThat(failure.message())
                .startsWith("The child's cleanup log is in a format this signaltest does not read: line 1 is a record "
                        + "of log format version 99, but this signaltest reads version 1 only (see docs/log-format.md)")
                .contains("Expected records of log format version 1 (the \"v\" field of each record).")
                .contains("What to do: Use the same release of signaltest-junit in the tests as of signaltest-runtime");
        assertGone(failure.pid());
    }

    @Test
    void runtimeChildThatInheritedSigintAsIgnored() {
        Failure failure = run("inheritsSigintIgnored");
        assertThat(failure.message())
                .startsWith("The child has SIGINT ignored (inherited as ignored), so SIGINT cannot reach it: "
                        + "its cleanup log says so: run_started has signals.INT = inherited-ignored.")
                .contains("What to do: Remove what ignores SIGINT between the harness and the program")
                .contains("env --default-signal=INT");
        assertGone(failure.pid());
    }

    @Test
    void programWithoutTheRuntimeThatInheritedSigintAsIgnored() {
        Failure failure = run("commandIgnoresSigint");
        assertThat(failure.message())
                .startsWith("The child has SIGINT ignored (inherited as ignored), so SIGINT cannot reach it: /proc/")
                .contains("/status lists it in SigIgn.");
        assertGone(failure.pid());
    }

    @Test
    void programsThatCannotStartSayWhyOnTheFirstLine() throws Exception {
        Path script = Path.of("target", "signaltest-fixtures", "not-executable.sh");
        java.nio.file.Files.createDirectories(script.getParent());
        java.nio.file.Files.writeString(script, "#!/bin/sh\necho never\n");
        assertThat(firstLine(run("mainClassNotFound")))
                .isEqualTo("The program could not start: "
                        + "the main class com.example.NoSuchMain was not found (exit code 1).");
        assertThat(firstLine(run("commandNotFound")))
                .isEqualTo("The program could not start: "
                        + "the command no-such-command-signaltest was not found (exit code 127).");
        assertThat(firstLine(run("commandNotExecutable")))
                .isEqualTo("The program could not start: "
                        + "the command target/signaltest-fixtures/not-executable.sh is not "
                        + "executable (exit code 126).");
        assertThat(firstLine(run("badJvmOption")))
                .isEqualTo("The program could not start: "
                        + "the JVM refused an option: Unrecognized VM option 'NoSuchOption' (exit code 1).");
    }

    private static String firstLine(Failure failure) {
        return failure.message().lines().findFirst().orElse("");
    }

    // ---------------------------------------------------------------- helpers

    /** What one failed fixture method reported. */
    record Failure(String message, long pid, int exitCode, Path directory) {}

    private static Failure run(String method) {
        return run(method, Map.of());
    }

    private static Failure run(String method, Map<String, String> configuration) {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, method, configuration);
        Throwable failure = FixtureKit.onlyFailure(results);
        assertThat(failure).isInstanceOf(AssertionFailedError.class);
        assertThat(failure.getMessage())
                .contains(System.lineSeparator() + "Expected ")
                .contains(System.lineSeparator() + "What to do: ")
                .contains("  command:   ")
                .contains("  pid:       ");
        List<Map<String, String>> entries = FixtureKit.reportEntries(results);
        assertThat(entries).hasSize(1);
        Map<String, String> entry = entries.get(0);
        return new Failure(
                failure.getMessage(),
                Long.parseLong(entry.get("signaltest.pid")),
                Integer.parseInt(entry.get("signaltest.exitCode")),
                Path.of(entry.get("signaltest.directory")));
    }

    /** Waits, with a deadline that only ever fails, until no process has {@code pid} any more. */
    static void assertGone(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("process " + pid + " is still alive: " + process.info(), e);
            }
        });
    }

    @Fixture
    static class TestCases {

        @SignalTest(main = CrashingApp.class, at = Moment.QUEUE_WAITING)
        void crashesBeforeTheMoment(SignalRun run) {}

        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "3", "--max-concurrent", "2"},
                at = Moment.ALL_SLOTS_FULL)
        void neverReachesTheMoment(SignalRun run) {}

        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "1", "--max-concurrent", "2"},
                at = Moment.QUEUE_WAITING)
        void cannotReachTheMoment(SignalRun run) {}

        // tag::exit-timeout[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "1", "--max-concurrent", "1", "--cleanup", "hang", "--helper", "detached"},
                at = Moment.ALL_SLOTS_FULL,
                delivery = Delivery.PROCESS_GROUP,
                exitTimeoutMillis = 2000)
        void hangsAfterTheSignal(SignalRun run) {}
        // end::exit-timeout[]

        @SignalTest(
                command = {
                    "/bin/sh",
                    "-c",
                    "printf '%s\\n' "
                            + "'{\"v\":1,\"seq\":0,\"t_ns\":0,\"event\":\"run_started\",\"signals\":{}}' "
                            + "'this is not a record' "
                            + "> \"$SIGNALTEST_LOG\"; exec sleep 600"
                },
                atLogEvent = "task_started")
        void malformedLogLine(SignalRun run) {}

        @SignalTest(
                command = {
                    "/bin/sh",
                    "-c",
                    "printf '%s\\n' "
                            + "'{\"v\":99,\"seq\":0,\"t_ns\":0,\"event\":\"run_started\",\"signals\":{}}' "
                            + "> \"$SIGNALTEST_LOG\"; exec sleep 600"
                },
                atLogEvent = "run_started")
        void logOfAnUnreadableVersion(SignalRun run) {}

        // tag::ignored[]
        // spotless:off
        @SignalTest(command = {"/bin/sh", "-c", "trap '' INT; exec \"$@\"", "sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "3", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING)
        // spotless:on
        void inheritsSigintIgnored(SignalRun run) {}
        // end::ignored[]

        @SignalTest(
                command = {"/bin/sh", "-c", "trap '' INT; echo ready; exec sleep 600"},
                atOutput = "ready")
        void commandIgnoresSigint(SignalRun run) {}

        @SignalTest(
                command = {"{java}", "-cp", "{classpath}", "com.example.NoSuchMain"},
                at = Moment.QUEUE_WAITING)
        void mainClassNotFound(SignalRun run) {}

        @SignalTest(command = "no-such-command-signaltest", atOutput = "ready")
        void commandNotFound(SignalRun run) {}

        @SignalTest(command = "target/signaltest-fixtures/not-executable.sh", atOutput = "ready")
        void commandNotExecutable(SignalRun run) {}

        @SignalTest(main = RuntimeApp.class, jvmArgs = "-XX:+NoSuchOption", at = Moment.QUEUE_WAITING)
        void badJvmOption(SignalRun run) {}
    }
}
