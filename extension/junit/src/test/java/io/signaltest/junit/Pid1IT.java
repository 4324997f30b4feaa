package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.junit.internal.process.ProcessTree;
import io.signaltest.junit.internal.process.Signals;
import io.signaltest.runtime.Moment;
import io.signaltest.testing.PidNamespace;
import io.signaltest.testing.RequiresTool;
import io.signaltest.testing.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The program as PID 1 of a new PID namespace, as in a container, stopped the way {@code docker stop} stops it: SIGTERM
 * to PID 1, a grace period of 10 s (Docker's default), then SIGKILL. The kernel delivers a signal to a namespace's PID
 * 1 only when PID 1 has a handler for it (SIGKILL aside): a JVM installs one for SIGTERM, a shell without a
 * {@code trap} does not, so the SIGTERM is dropped, the program below the shell never hears of it, and SIGKILL ends the
 * whole namespace with no cleanup run.
 */
@RequiresTool(Tool.UNSHARE)
class Pid1IT {

    /** {@code docker stop}'s default grace period between SIGTERM and SIGKILL. */
    static final Duration DOCKER_STOP_GRACE = Duration.ofSeconds(10);
    /** How long an event may take before the test fails: long, it only ever fails the test. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void shellAsPid1DropsSigtermAndOnlySigkillEndsIt(@TempDir Path dir) throws Exception {
        try (Container container = Container.start(dir, List.of("/bin/sh", "-c", "\"$@\"; echo after", "sh"), "sh")) {
            container.awaitTasksStarted(2);
            ProcessTree.Proc java = ProcessTree.descendants(container.init, p -> false).stream()
                    .filter(ProcessTree.Proc::isJvm)
                    .findFirst()
                    .orElseThrow();

            // tag::docker-stop[]
            assertThat(Signals.send("TERM", container.init, false).delivered()).isTrue();
            assertThat(container.unshare.waitFor(DOCKER_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS))
                    .as("PID 1, a shell without a trap, still runs after the grace: the kernel dropped SIGTERM")
                    .isFalse();
            assertThat(java.alive()).as("the JVM below it never got the signal").isTrue();
            assertThat(container.log()).noneMatch(line -> line.contains("\"signal_received\""));

            // what docker stop does after the grace: SIGKILL, which ends the namespace's every process
            assertThat(Signals.send("KILL", container.init, false).delivered()).isTrue();
            assertThat(container.unshare.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
            // (how unshare reports a child killed by a signal differs between its versions: the processes tell)
            assertThat(ProcessHandle.of(container.init)).as("PID 1, reaped").isEmpty();
            ProcessHandle.of(java.pid())
                    .ifPresent(left -> assertThat(left.onExit())
                            .as("the JVM, killed with its namespace")
                            .succeedsWithin(DEADLINE));
            // what SIGKILL leaves behind: a log that stops with its tasks running, no cleanup, no end of the run
            List<String> log = container.log();
            assertThat(log)
                    .noneMatch(line -> line.contains("\"signal_received\"")
                            || line.contains("\"cleanup_started\"")
                            || line.contains("\"run_finished\""));
            assertThat(log).anyMatch(line -> line.contains("\"task_started\""));
            // end::docker-stop[]
        }
    }

    @Test
    void jvmAsPid1HandlesSigtermWithinTheGrace(@TempDir Path dir) throws Exception {
        try (Container container = Container.start(dir, List.of("/bin/sh", "-c", "exec \"$@\"", "sh"), "java")) {
            container.awaitTasksStarted(2);

            assertThat(Signals.send("TERM", container.init, false).delivered()).isTrue();
            assertThat(container.unshare.waitFor(DOCKER_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the JVM as PID 1 has a SIGTERM handler, so the kernel delivers it")
                    .isTrue();
            assertThat(container.unshare.exitValue()).isEqualTo(128 + 15);
            assertThat(container.log())
                    .anyMatch(line -> line.contains("\"signal_received\""))
                    .anyMatch(line -> line.contains("\"run_finished\""));
        }
    }

    @Test
    void aJvmStartedAsPid1GetsTheSignalThere() {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, "jvmAsPid1");
        FixtureKit.assertPassed(results, 1);
    }

    @Test
    void aShellAsPid1DropsTheSignalAndTheRunSaysSo() {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, "shellAsPid1");
        String message = FixtureKit.onlyFailure(results).getMessage();
        assertThat(message)
                .startsWith("SIGTERM went to pid ")
                .contains(" (/bin/sh -c \"$@\"; echo after sh ")
                .contains("a shell as PID 1 of the program's PID namespace; the kernel delivers a signal to a "
                        + "namespace's PID 1 only when it has a handler for it")
                .contains("the signal was dropped and never reached the program below it")
                .contains("and never logged signal_received.")
                .contains("docker stop ends in SIGKILL")
                .contains("`exec java ...`");
        Matcher jvm = Pattern.compile("pid (\\d+) \\((\\S*/)?java ").matcher(message);
        assertThat(jvm.find()).as("a JVM named in: %s", message).isTrue();
        ProcessHandle.of(Long.parseLong(jvm.group(1)))
                .ifPresent(left ->
                        assertThat(left.onExit()).as("the JVM below the shell").succeedsWithin(DEADLINE));
    }

    @Test
    void aPid1WithoutAHandlerIsNamedBeforeTheSignalIsLost() {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, "sleepAsPid1");
        assertThat(FixtureKit.onlyFailure(results).getMessage())
                .startsWith("SIGTERM was to go to pid ")
                .contains("PID 1 of the program's PID namespace, which has no handler for it")
                .contains("the kernel drops a signal to a namespace's PID 1 that PID 1 does not handle")
                .contains("signaltest did not send it")
                .contains("docker run --init");
    }

    @Fixture
    static class TestCases {

        // tag::pid-1[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "3", "--max-concurrent", "2"},
                at = Moment.QUEUE_WAITING,
                signal = Signal.TERM,
                delivery = Delivery.PID_1)
        void jvmAsPid1(SignalRun run) {
            // The JVM ran as PID 1 of its namespace, and got the SIGTERM there
            assertThat(run.log().first("run_started").orElseThrow().number("pid"))
                    .hasValue(1);
            assertThat(run.exitCode()).isEqualTo(143);
            assertThat(run.log().records("signal_received")).hasSize(1);
        }
        // end::pid-1[]

        // spotless:off
        @SignalTest(command = {"/bin/sh", "-c", "\"$@\"; echo after", "sh",
                    "{java}", "-cp", "{classpath}", "io.signaltest.junit.fixtures.RuntimeApp"},
                args = {"--tasks", "3", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING,
                signal = Signal.TERM, delivery = Delivery.PID_1, exitTimeoutMillis = 3000)
        // spotless:on
        void shellAsPid1(SignalRun run) {}

        // sleep, as PID 1, has no handler for SIGTERM
        @SignalTest(
                command = {"/bin/sh", "-c", "echo ready; exec sleep 600"},
                atOutput = "ready",
                signal = Signal.TERM,
                delivery = Delivery.PID_1)
        void sleepAsPid1(SignalRun run) {}
    }

    /** {@code unshare --pid --fork --mount-proc <launcher> java ... RuntimeApp}, its namespace's PID 1 found. */
    private static final class Container implements AutoCloseable {

        final Process unshare;
        final long init;
        private final Path log;

        private Container(Process unshare, long init, Path log) {
            this.unshare = unshare;
            this.init = init;
            this.log = log;
        }

        static Container start(Path dir, List<String> launcher, String pid1Name) throws Exception {
            List<String> command = new ArrayList<>(PidNamespace.prefix().orElseThrow());
            command.addAll(launcher);
            command.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    RuntimeApp.class.getName(),
                    "--tasks",
                    "2",
                    "--max-concurrent",
                    "2"));
            Path log = dir.resolve("cleanup.jsonl");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile());
            builder.environment().put("SIGNALTEST_LOG", log.toString());
            Process unshare = builder.start();
            long[] init = {-1};
            await(() -> {
                List<Long> children = ProcessTree.children(unshare.pid());
                init[0] = children.isEmpty() ? -1 : children.get(0);
                return init[0] > 0
                        && ProcessTree.comm(init[0]).orElse("").equals(pid1Name)
                        && pidInItsNamespace(init[0]).equals("1");
            });
            return new Container(unshare, init[0], log);
        }

        /** The process's pid in its own (innermost) PID namespace, from the last field of NSpid in its status. */
        private static String pidInItsNamespace(long pid) {
            try {
                return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                        .filter(line -> line.startsWith("NSpid:"))
                        .map(line -> line.substring(line.lastIndexOf('\t') + 1).strip())
                        .findFirst()
                        .orElse("");
            } catch (IOException gone) {
                return "";
            }
        }

        void awaitTasksStarted(int tasks) {
            await(() -> log().stream()
                            .filter(line -> line.contains("\"task_started\""))
                            .count()
                    >= tasks);
        }

        List<String> log() {
            try {
                return Files.exists(log) ? Files.readAllLines(log) : List.of();
            } catch (IOException e) {
                return List.of();
            }
        }

        /** Waits for {@code reached}, looking every few milliseconds, until the deadline fails the test. */
        private static void await(BooleanSupplier reached) {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!reached.getAsBoolean()) {
                assertThat(System.nanoTime())
                        .as("the event within %s", DEADLINE)
                        .isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        @Override
        public void close() {
            if (unshare.isAlive()) {
                Signals.send("KILL", init, false); // the namespace's PID 1: the kernel then kills all of it
                unshare.destroyForcibly(); // --kill-child: its child goes with it
            }
            try {
                unshare.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
