package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.junit.fixtures.SuiteHost;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.runtime.Moment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two test JVMs run the same tests in one checkout at the same time (two builds, an IDE run beside a terminal run):
 * both pass, and neither reads, empties or overwrites the other's files.
 */
class ConcurrentTestJvmsIT {

    @Test
    void twoTestJvmsInOneCheckoutNeverShareRunFiles() throws Exception {
        Path output = Path.of("target", "signaltest-concurrent-jvms").toAbsolutePath();
        List<Process> jvms = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            jvms.add(new ProcessBuilder(
                            Platform.javaExecutable().toString(),
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            System.getProperty("java.class.path"),
                            SuiteHost.class.getName(),
                            TestCases.class.getName(),
                            output.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Files.createDirectories(output)
                            .resolve("jvm-" + i + ".txt")
                            .toFile())
                    .start());
        }
        for (Process jvm : jvms) {
            assertThat(jvm.waitFor(300, TimeUnit.SECONDS))
                    .as("test JVM %d finished", jvm.pid())
                    .isTrue();
            assertThat(jvm.exitValue())
                    .as(
                            "test JVM %d passed: %s",
                            jvm.pid(), Files.readString(output.resolve("jvm-" + (jvms.indexOf(jvm) + 1) + ".txt")))
                    .isZero();
        }
        for (Process jvm : jvms) {
            List<Path> logs = logsOf(output, jvm.pid());
            assertThat(logs).as("the run logs of test JVM %d", jvm.pid()).hasSize(3);
            for (Path log : logs) {
                assertThat(CleanupLog.read(log).records("run_started"))
                        .as("runs logged in %s", log)
                        .hasSize(1);
            }
        }
    }

    /** The cleanup logs in the session directory of the test JVM {@code pid}. */
    private static List<Path> logsOf(Path output, long pid) throws IOException {
        try (Stream<Path> sessions = Files.list(output.resolve("runs"))) {
            Path session = sessions.filter(s -> s.getFileName().toString().endsWith("-" + pid))
                    .findFirst()
                    .orElseThrow();
            try (Stream<Path> files = Files.walk(session)) {
                return files.filter(f -> f.getFileName().toString().equals("cleanup.jsonl"))
                        .toList();
            }
        }
    }

    @Fixture
    static class TestCases {

        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "3", "--max-concurrent", "2"},
                at = {Moment.BEFORE_START, Moment.QUEUE_WAITING, Moment.DURING_CLEANUP},
                firstSignalAt = Moment.QUEUE_WAITING)
        void sameTestInBothJvms(SignalRun run) {
            SignalTestAssertions.assertThat(run).exitedWithSignalCode().cleanedUpEveryStartedTaskOnce();
        }
    }
}
