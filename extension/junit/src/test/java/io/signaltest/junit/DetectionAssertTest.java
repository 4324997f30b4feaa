package io.signaltest.junit;

import static io.signaltest.junit.SignalRunFixtures.QUEUE_WAITING_LOG;
import static io.signaltest.junit.SignalRunFixtures.run;
import static io.signaltest.junit.SignalRunFixtures.runWithoutLog;
import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaltest.junit.internal.checks.CleanShutdown;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks for what the log cannot show: files left in the program's temporary directory, stack traces on stderr, and
 * the output of programs that write no log.
 */
class DetectionAssertTest {

    private static final String JAVA_TRACE = """
            java.lang.InterruptedException: sleep interrupted
            \tat java.base/java.lang.Thread.sleep(Native Method)
            \tat com.example.Batch.work(Batch.java:42)
            \tat java.base/java.lang.Thread.run(Thread.java:833)
            """;

    @Nested
    class LeftNoTemporaryFiles {

        @Test
        void passesWhenTheTemporaryDirectoryIsEmptyOrMissing(@TempDir Path dir) throws Exception {
            assertThat(run(QUEUE_WAITING_LOG).directory(dir).build()).leftNoTemporaryFiles();
            Files.createDirectories(dir.resolve(SignalRun.TEMPORARY_DIRECTORY));
            assertThat(run(QUEUE_WAITING_LOG).directory(dir).build())
                    .leftNoTemporaryFiles()
                    .shutDownCleanly();
        }

        @Test
        void failsNamingEachFileAndEmptyDirectoryLeftThere(@TempDir Path dir) throws Exception {
            // tag::temporary-files-left[]
            SignalRun run = run(QUEUE_WAITING_LOG).directory(dir).build();
            Files.createDirectories(run.temporaryDirectory().resolve("batch-7"));
            Files.writeString(run.temporaryDirectory().resolve("spill-8071.tmp"), "intermediate results");

            assertThatThrownBy(() -> assertThat(run).leftNoTemporaryFiles())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("temporary file left behind: spill-8071.tmp")
                    .hasMessageContaining("temporary file left behind: batch-7/");
            // end::temporary-files-left[]
        }

        @Test
        void isPartOfShutDownCleanly(@TempDir Path dir) throws Exception {
            SignalRun run = run(QUEUE_WAITING_LOG).directory(dir).build();
            Files.createDirectories(run.temporaryDirectory());
            Files.writeString(run.temporaryDirectory().resolve("spill-1.tmp"), "x");

            assertThatThrownBy(() -> assertThat(run).shutDownCleanly())
                    .hasMessageContaining("temporary file left behind: spill-1.tmp");
        }
    }

    @Nested
    class LeftNoProcessBehind {

        @Test
        void passesWhenNothingWasLeft() {
            assertThat(runWithoutLog().build()).leftNoProcessBehind();
        }

        @Test
        void failsNamingEachProcessLeft() {
            // tag::processes-left[]
            SignalRun run = runWithoutLog()
                    .leftBehind("pid 4711: sleep 600", "pid 4712: python3 worker.py")
                    .build();

            assertThatThrownBy(() -> assertThat(run).leftNoProcessBehind())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("(signaltest killed it): pid 4711: sleep 600")
                    .hasMessageContaining("pid 4712: python3 worker.py");
            // end::processes-left[]
        }

        @Test
        void isNotPartOfACleanShutdown() {
            assertThat(run(QUEUE_WAITING_LOG).leftBehind("pid 4711: sleep 600").build())
                    .shutDownCleanly();
        }
    }

    @Nested
    class HasNoStackTraceOnStderr {

        @Test
        void passesForPlainLines() {
            assertThat(runWithoutLog()
                            .stderr("WARN shutting down\nat noon, all was quiet\n")
                            .build())
                    .hasNoStackTraceOnStderr();
        }

        @Test
        void failsNamingTheExceptionOfEachTrace() {
            // tag::stack-trace[]
            SignalRun run = runWithoutLog().stderr(JAVA_TRACE).build();

            assertThatThrownBy(() -> assertThat(run).hasNoStackTraceOnStderr())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "stack trace on stderr (line 1): " + "java.lang.InterruptedException: sleep interrupted");
            // end::stack-trace[]
        }

        @Test
        void findsPythonTracebacksAndCausedBySectionsOnce() {
            String stderr = JAVA_TRACE + "Caused by: java.io.IOException: gone\n\tat x.Y.z(Y.java:1)\n\t... 3 more\n"
                    + "Traceback (most recent call last):\n  File \"batch.py\", line 9, in <module>\n"
                    + "    main()\nKeyboardInterrupt\n";
            SignalRun run = runWithoutLog().stderr(stderr).build();

            assertThat(io.signaltest.junit.internal.checks.OutputChecks.hasNoStackTraceOnStderr(run)
                            .findings())
                    .extracting(finding -> finding.what())
                    .containsExactly(
                            "stack trace on stderr (line 1): java.lang.InterruptedException: sleep interrupted",
                            "stack trace on stderr (line 8): KeyboardInterrupt");
        }

        @Test
        void isOnlyAWarningOfShutDownCleanly() {
            SignalRun run = run(QUEUE_WAITING_LOG)
                    .stderr(JAVA_TRACE)
                    .warnings("stack trace on stderr (line 1): java.lang.InterruptedException: sleep interrupted")
                    .build();

            assertThat(run).shutDownCleanly();
            assertThat(CleanShutdown.shutDownCleanly(run).warnings())
                    .containsExactly(
                            "stack trace on stderr (line 1): java.lang.InterruptedException: sleep interrupted");
        }
    }

    @Nested
    class OutputChecks {

        private final SignalRun run = runWithoutLog()
                .stdout("Task 1 started\nTask 2 started\nTask 1 cleaned up\nTask 3 started\n")
                .stdoutLinesBeforeSignal(2)
                .build();

        @Test
        void countLinesAfterTheSignal() {
            // tag::printed-after[]
            // stdout: "Task 1 started", "Task 2 started", then SIGINT, "Task 1 cleaned up", "Task 3 started"
            assertThat(run).printedAfterTheSignal("cleaned up", 1);

            assertThatThrownBy(() -> assertThat(run).printedAfterTheSignal("Task \\d+ started", 0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("1 line matches after the signal, expected 0: Task 3 started");
            // end::printed-after[]
        }

        @Test
        void pairEachStartWithItsCleanup() {
            // tag::start-cleanup[]
            assertThatThrownBy(() -> assertThat(run)
                            .matchedEveryStartWithACleanup("Task (\\d+) started", "Task (\\d+) cleaned up"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no cleanup line for: Task 2 started")
                    .hasMessageContaining("no cleanup line for: Task 3 started")
                    .hasMessageNotContaining("no cleanup line for: Task 1 started");
            // end::start-cleanup[]
        }

        @Test
        void withoutGroupsAnyLaterCleanupMatchesTheOldestStart() {
            SignalRun all = runWithoutLog()
                    .stdout("started\nstarted\ncleaned\ncleaned\n")
                    .build();
            assertThat(all).matchedEveryStartWithACleanup("started", "cleaned");

            SignalRun missing =
                    runWithoutLog().stdout("started\ncleaned\nstarted\n").build();
            assertThatThrownBy(() -> assertThat(missing).matchedEveryStartWithACleanup("started", "cleaned"))
                    .hasMessageContaining("no cleanup line for: started");
        }
    }
}
