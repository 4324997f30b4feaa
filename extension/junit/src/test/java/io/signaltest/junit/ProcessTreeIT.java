package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Whatever the delivery and however the child ends, every process it started is gone when the test method runs, and the
 * report names what it left behind; and each run's files are private.
 */
class ProcessTreeIT {

    /** A child that starts a grandchild holding its stdout and stderr, then waits for it. */
    static final String SPAWNS_A_GRANDCHILD = "sleep 600 & echo started; wait";

    private static EngineExecutionResults results;

    @BeforeAll
    static void runTheScenarios() {
        results = FixtureKit.run(TestCases.class);
    }

    @Test
    void everyScenarioPasses() {
        FixtureKit.assertPassed(results, 4);
    }

    /** The grandchild was named, and is dead by the time the test method looks. */
    static void assertGrandchildKilledAndNamed(SignalRun run) {
        assertThat(run.processesLeftBehind()).singleElement().asString().contains("sleep 600");
        assertNamedProcessesAreGone(run);
        assertThat(run.stdout()).contains("started");
        assertThatThrownBy(() -> SignalTestAssertions.assertThat(run).leftNoProcessBehind())
                .hasMessageContaining("Expecting no process the program started to outlive it")
                .hasMessageContaining("still running after the program exited (signaltest killed it): pid ")
                .hasMessageContaining("sleep 600");
    }

    static void assertNamedProcessesAreGone(SignalRun run) {
        for (String process : run.processesLeftBehind()) {
            long pid = Long.parseLong(process.replaceAll("^pid (\\d+):.*", "$1"));
            Optional<ProcessHandle> left = ProcessHandle.of(pid);
            left.ifPresent(handle -> assertThat(handle.onExit()).succeedsWithin(Duration.ofSeconds(60)));
        }
    }

    @Fixture
    static class TestCases {

        @SignalTest(
                command = {"/bin/sh", "-c", SPAWNS_A_GRANDCHILD},
                atOutput = "started")
        void grandchildOfAChildThatDiedOfTheSignal(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
            assertGrandchildKilledAndNamed(run);
        }

        /** SIGTERM is not ignored by the grandchild: only delivery to the pid alone leaves it alive. */
        @SignalTest(
                command = {"/bin/sh", "-c", SPAWNS_A_GRANDCHILD},
                atOutput = "started",
                signal = Signal.TERM)
        void processDeliveryReachesTheChildAlone(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(143);
            assertGrandchildKilledAndNamed(run);
        }

        @SignalTest(
                command = {"/bin/sh", "-c", SPAWNS_A_GRANDCHILD},
                atOutput = "started",
                delivery = Delivery.PROCESS_GROUP,
                signal = Signal.TERM)
        void grandchildThatIgnoresNothingButGotTheGroupSignal(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(143);
            assertNamedProcessesAreGone(run); // SIGTERM to the group may have ended the grandchild first
        }

        @SignalTest(
                command = {
                    "/bin/sh",
                    "-c",
                    "umask 000; echo secret > \"$0\"/work.txt; echo ready; exec sleep 600",
                    "{runDir}"
                },
                atOutput = "ready")
        void runFilesAreForTheOwnerOnly(SignalRun run) throws Exception {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.directory())))
                    .isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(run.directory())) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f -> !f.endsWith("work.txt"))
                        .toList()) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                            .as("permissions of %s", file.getFileName())
                            .isEqualTo("rw-------");
                }
            }
            assertThat(run.directory().resolve("stdout.txt")).exists();
            // exec: the shell became sleep, which died of the signal; nothing of it was left
            SignalTestAssertions.assertThat(run).leftNoProcessBehind();
        }
    }
}
