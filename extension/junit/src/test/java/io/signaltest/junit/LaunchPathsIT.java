package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.runtime.Moment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * The program started the way production starts it: through {@code sh -c} or a start script. A shell that waits for the
 * program does not pass the signal on; signaltest names the shell, the program that kept running and the fix. A shell
 * that replaces itself with the program ({@code exec}) passes.
 */
class LaunchPathsIT {

    /** A start script as many are written: the program is started, not exec'ed, and something follows it. */
    static final Path START_SCRIPT = Path.of("target", "signaltest-fixtures", "start-without-exec.sh");

    /** The JVM named in a finding: {@code pid 1234 (/usr/.../bin/java -cp ...}. */
    private static final Pattern JVM = Pattern.compile("pid (\\d+) \\((\\S*/)?java ");

    @BeforeAll
    static void writeTheStartScript() throws Exception {
        Files.createDirectories(START_SCRIPT.getParent());
        Files.writeString(
                START_SCRIPT,
                "#!/bin/sh\n# starts the program given as arguments, without exec\n\"$@\"\n"
                        + "echo \"start script: the program ended\"\n");
        Files.setPosixFilePermissions(START_SCRIPT, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void shellThatKeepsRunningWithTheProgramBelowIt() {
        String message = failure("shWithoutExec");
        assertThat(message)
                .startsWith("SIGINT went to pid ")
                .contains(" (/bin/sh -c \"$@\"; echo after sh ")
                .contains("a shell, and never reached the program below it: the shell did not forward it and was "
                        + "still running 3000 ms later, and so was the program, pid ")
                .contains("and never logged signal_received.")
                .contains("What to do: Make the shell replace itself with the program: `exec java ...`")
                .contains("tini or dumb-init")
                .contains("ENTRYPOINT [\"java\", ...]");
        assertNamedJvmIsGone(message);
    }

    @Test
    void shellThatDiesOfTheSignalAndLeavesTheProgramRunning() {
        String message = failure("shWithoutExecGetsSigterm");
        assertThat(message)
                .startsWith("SIGTERM went to pid ")
                .contains(" (/bin/sh -c \"$@\"; echo after sh ")
                .contains("the shell exited with code 143 without forwarding it, while the program kept running: pid ")
                .contains("and never logged signal_received. signaltest killed it as left behind.")
                .contains("`exec java ...`");
        assertNamedJvmIsGone(message);
    }

    @Test
    void startScriptWithoutExec() {
        String message = failure("startScriptWithoutExec");
        assertThat(message)
                .startsWith("SIGTERM went to pid ")
                .contains(" (/bin/sh target/signaltest-fixtures/start-without-exec.sh ")
                .contains("the shell exited with code 143 without forwarding it, while the program kept running: pid ")
                .contains("as the last command of a start script");
        assertNamedJvmIsGone(message);
    }

    @Test
    void firstSignalOfDuringCleanupKeptByTheShell() {
        String message = failure("shWithoutExecDuringCleanup");
        assertThat(message)
                .startsWith("SIGINT went to pid ")
                .contains("a shell, and never reached the program below it: the shell did not forward it and was "
                        + "still running 3000 ms later, and so was the program, pid ")
                .contains("and never logged signal_received.")
                .contains("`exec java ...`");
        assertNamedJvmIsGone(message);
    }

    @Test
    void firstSignalOfDuringCleanupEndsTheShellAlone() {
        String message = failure("shWithoutExecDuringCleanupGetsSigterm");
        assertThat(message)
                .startsWith("SIGTERM went to pid ")
                .contains("the shell exited with code 143 without forwarding it, while the program kept running: pid ")
                .contains("and never logged signal_received. signaltest killed it as left behind.");
        assertNamedJvmIsGone(message);
    }

    @Test
    void shellThatForwardsTheSignalAndExitsIsNotBlamedForKeepingIt() {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, "shForwardsThenExits");
        FixtureKit.assertPassed(results, 1);
    }

    @Test
    void shellThatExecsTheProgramPasses() {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, "shWithExec");
        FixtureKit.assertPassed(results, 1);
    }

    /** The one failure of fixture method {@code method}, with the pid of the shell in its report entry. */
    private static String failure(String method) {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, method, Map.of());
        Throwable failure = FixtureKit.onlyFailure(results);
        assertThat(failure).isInstanceOf(AssertionFailedError.class);
        List<Map<String, String>> entries = FixtureKit.reportEntries(results);
        assertThat(entries).hasSize(1);
        long shell = Long.parseLong(entries.get(0).get("signaltest.pid"));
        assertThat(failure.getMessage()).contains("went to pid " + shell + " (");
        assertGone(shell);
        return failure.getMessage();
    }

    private static void assertNamedJvmIsGone(String message) {
        Matcher jvm = JVM.matcher(message);
        assertThat(jvm.find()).as("a JVM named in: %s", message).isTrue();
        assertGone(Long.parseLong(jvm.group(1)));
    }

    private static void assertGone(long pid) {
        ProcessHandle.of(pid).ifPresent(handle -> assertThat(handle.onExit()).succeedsWithin(Duration.ofSeconds(60)));
    }

    @Fixture
    static class TestCases {

        // tag::sh-without-exec[]
        // spotless:off
        // The JVM runs below the shell: dash does not exec a command that something follows.
        @SignalTest(command = {"/bin/sh", "-c", "\"$@\"; echo after", "sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "3", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING,
                exitTimeoutMillis = 3000)
        // spotless:on
        void shWithoutExec(SignalRun run) {}
        // end::sh-without-exec[]

        // spotless:off
        @SignalTest(command = {"/bin/sh", "-c", "\"$@\"; echo after", "sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "3", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING,
                signal = Signal.TERM)
        // spotless:on
        void shWithoutExecGetsSigterm(SignalRun run) {}

        // spotless:off
        @SignalTest(command = {"/bin/sh", "-c", "\"$@\"; echo after", "sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "2", "--max-concurrent", "2"}, at = Moment.DURING_CLEANUP,
                momentTimeoutMillis = 3000)
        // spotless:on
        void shWithoutExecDuringCleanup(SignalRun run) {}

        // spotless:off
        @SignalTest(command = {"/bin/sh", "-c", "\"$@\"; echo after", "sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "2", "--max-concurrent", "2"}, at = Moment.DURING_CLEANUP,
                signal = Signal.TERM)
        // spotless:on
        void shWithoutExecDuringCleanupGetsSigterm(SignalRun run) {}

        // spotless:off
        // The shell passes SIGTERM on and exits at once, without waiting for the program.
        @SignalTest(command = {"/bin/sh", "-c", "trap 'kill -TERM $p; exit 0' TERM; \"$@\" & p=$!; wait $p", "sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "3", "--max-concurrent", "2", "--cleanup", "hang"}, at = Moment.QUEUE_WAITING,
                signal = Signal.TERM)
        // spotless:on
        void shForwardsThenExits(SignalRun run) {
            assertThat(run.exitCode()).isZero(); // the shell's
            assertThat(run.log().records("signal_received")).hasSize(1); // the program got it
            // its cleanup never ends, so it was still running when the shell exited: left behind, and killed
            assertThat(run.processesLeftBehind()).anyMatch(process -> process.contains("RuntimeApp"));
        }

        // tag::sh-with-exec[]
        // spotless:off
        // exec: the shell becomes the JVM, which gets the signal itself.
        @SignalTest(command = {"/bin/sh", "-c", "exec \"$@\"", "sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "3", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING)
        // spotless:on
        void shWithExec(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
            assertThat(run.log().records("signal_received")).hasSize(1);
        }
        // end::sh-with-exec[]

        // tag::start-script[]
        // spotless:off
        @SignalTest(command = {"/bin/sh", "target/signaltest-fixtures/start-without-exec.sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "3", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING,
                signal = Signal.TERM)
        // spotless:on
        void startScriptWithoutExec(SignalRun run) {}
        // end::start-script[]
    }
}
