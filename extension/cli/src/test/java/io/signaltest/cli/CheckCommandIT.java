package io.signaltest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.cli.fixtures.PoolBatch;
import io.signaltest.cli.fixtures.PoolBatchHookDoesNotWait;
import io.signaltest.cli.fixtures.TermExitsZero;
import io.signaltest.testing.RequiresTool;
import io.signaltest.testing.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console runner end to end: the packaged jar, run as a process, against real programs that receive real signals;
 * its exit code, its output, the JUnit XML and the HTML report. The runner runs in a directory of its own, so that each
 * test can see that it wrote nothing but its report.
 */
class CheckCommandIT {

    @TempDir
    Path work;

    /** The runner's working directory. */
    private Path cwd;

    @BeforeEach
    void workingDirectory() throws Exception {
        cwd = Files.createDirectories(work.resolve("cwd"));
    }

    @Test
    void theSampleAppPassesTheWholeMatrixWithExitCodeZero() throws Exception {
        Cli.Result result = Cli.run(cwd, "check", "--jar", Cli.sampleAppJar().toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout())
                .contains("[1/10] running", "[10/10]", "10 of 10 scenarios passed")
                .containsPattern("StandardScenarios\\.repeatedSignals \\[QUEUE_WAITING, SIGINT x3\\] +\\| pass")
                .contains("signaltest: report " + cwd.resolve("signaltest-report/index.html"));
        Path report = cwd.resolve("signaltest-report");
        assertThat(report.resolve("index.html"))
                .content()
                .contains("10 of 10 scenarios passed")
                .contains("<svg");
        assertThat(xml(report))
                .contains("tests=\"10\"")
                .contains("failures=\"0\"")
                .contains("errors=\"0\"");
        assertThat(report.resolve(
                        "io.signaltest.junit.StandardScenarios/repeatedSignals/QUEUE_WAITING-SIGINT-x3/cleanup.jsonl"))
                .isRegularFile();
        assertWroteOnlyTheReport("signaltest-report");
        assertThat(Files.getPosixFilePermissions(report))
                .as("the report holds each program's output: private")
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void aWrongExitCodeOnSigtermFailsWithItsSymptomInTheTableTheXmlAndTheHtml() throws Exception {
        Cli.Result result = Cli.run(
                cwd,
                "check",
                "--main",
                TermExitsZero.class.getName(),
                "--classpath",
                System.getProperty("java.class.path"),
                "--signal",
                "TERM",
                "--report-dir",
                "out");

        String symptom = "exit code 0, expected 143 (128 + SIGTERM)";
        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        assertThat(result.stdout())
                .contains("0 of 2 scenarios passed")
                .containsPattern("signalWithAllSlotsFull \\[ALL_SLOTS_FULL, SIGTERM\\] +\\| FAIL +\\| +0 \\|.*"
                        + Pattern.quote(symptom))
                .containsPattern("signalWhileTasksWait \\[QUEUE_WAITING, SIGTERM\\] +\\| FAIL +\\| +0 \\|.*"
                        + Pattern.quote(symptom))
                .doesNotContain("Multiple Failures");
        // the methods without a SIGTERM scenario are in the XML as skipped, with the reason
        assertThat(xml(cwd.resolve("out")))
                .contains("failures=\"2\"")
                .contains("errors=\"0\"")
                .contains(symptom)
                .contains("none of its invocations is at the selected any moment and signals SIGTERM");
        assertThat(cwd.resolve("out/index.html"))
                .content()
                .contains("0 of 2 scenarios passed")
                .contains(symptom);
        assertWroteOnlyTheReport("out");
    }

    @Test
    void anyCommandGetsTheWorkloadOptionsAppended() throws Exception {
        Cli.Result result = Cli.run(
                cwd,
                "check",
                "--moment",
                "queue_waiting",
                "--signal",
                "INT",
                "--",
                Cli.java().toString(),
                "-jar",
                Cli.sampleAppJar().toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout()).contains("2 of 2 scenarios passed", "[QUEUE_WAITING, SIGINT x3]");
        Path command = cwd.resolve("signaltest-report/io.signaltest.junit.StandardScenarios/signalWhileTasksWait/"
                + "QUEUE_WAITING-SIGINT/command.txt");
        assertThat(Files.readAllLines(command))
                .containsSubsequence(Cli.sampleAppJar().toString(), "--tasks", "6", "--max-concurrent", "2");
    }

    @Test
    @RequiresTool(Tool.PYTHON3)
    void aPythonProgramPassesTheWholeMatrix() throws Exception {
        Path program = Path.of("../../sample-app/src/test/python/asyncio_workload.py")
                .toAbsolutePath()
                .normalize();

        Cli.Result result = Cli.run(cwd, "check", "--", "python3", "-u", program.toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout()).contains("10 of 10 scenarios passed");
    }

    // ------------------------------------------------------------------ the agent, from the runner's jar alone

    @Test
    void anUnchangedPoolProgramNamedByItsMainClassPassesUnderTheAgent() throws Exception {
        Cli.Result result = Cli.run(
                cwd,
                "check",
                "--agent",
                "--main",
                PoolBatch.class.getName(),
                "--classpath",
                fixtureClasses().toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout()).contains("10 of 10 scenarios passed");
        assertThat(cwd.resolve("signaltest-report/io.signaltest.junit.StandardScenarios/signalWhileTasksWait/"
                        + "QUEUE_WAITING-SIGINT/cleanup.jsonl"))
                .content()
                .contains("\"writer\":\"agent\"");
        assertWroteOnlyTheReport("signaltest-report");
    }

    @Test
    void aPoolProgramWhoseHookDoesNotWaitFailsUnderTheAgentNamingTheBug() throws Exception {
        Cli.Result result = Cli.run(
                cwd,
                "check",
                "--agent",
                "--main",
                PoolBatchHookDoesNotWait.class.getName(),
                "--classpath",
                fixtureClasses().toString(),
                "--moment",
                "ALL_SLOTS_FULL",
                "--signal",
                "INT");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        assertThat(result.stdout())
                .contains("0 of 2 scenarios passed")
                .containsPattern(
                        "exitRaceWithLongCleanups \\[ALL_SLOTS_FULL, SIGINT\\] +\\| FAIL .*cleanup of task \\d");
        assertThat(cwd.resolve("signaltest-report/index.html"))
                .content()
                .contains("(a lambda in io.signaltest.cli.fixtures.Workload on pool-1-thread-", "never ended");
    }

    @Test
    void anUnchangedPoolProgramAsARunnableJarPassesUnderTheAgent() throws Exception {
        Path jar = FixtureJar.runnable(work.resolve("pool-batch.jar"), PoolBatch.class);

        Cli.Result result = Cli.run(cwd, "check", "--agent", "--jar", jar.toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout()).contains("10 of 10 scenarios passed");
    }

    @Test
    void aPoolProgramAsARunnableJarWhoseHookDoesNotWaitFailsUnderTheAgent() throws Exception {
        Path jar = FixtureJar.runnable(work.resolve("broken-batch.jar"), PoolBatchHookDoesNotWait.class);

        Cli.Result result = Cli.run(cwd, "check", "--agent", "--jar", jar.toString(), "--moment", "ALL_SLOTS_FULL");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        assertThat(result.stdout()).containsPattern("exitRaceWithLongCleanups \\[ALL_SLOTS_FULL, SIGINT\\] +\\| FAIL");
    }

    // ------------------------------------------------------------------ programs that only print

    @Test
    @RequiresTool(Tool.PYTHON3)
    void aCorrectPrintOnlyProgramPassesEveryScenarioOfTheOutputMatrix() throws Exception {
        Cli.Result result = Cli.run(cwd, outputMatrix(printOnlyBatch()));

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout())
                .contains(
                        "4 of 4 scenarios passed",
                        "of the output matrix",
                        "signalAfterTheLine [output /started \\d+/ #2, SIGTERM]");
        assertWroteOnlyTheReport("signaltest-report");
    }

    @Test
    @RequiresTool(Tool.PYTHON3)
    void theSameProgramWithoutItsCleanupFailsNamingTheMissingCleanups() throws Exception {
        List<String> command = new java.util.ArrayList<>(printOnlyBatch());
        command.add("--no-cleanup");

        Cli.Result result = Cli.run(cwd, outputMatrix(command));

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        assertThat(result.stdout()).contains("0 of 4 scenarios passed", "no cleanup line for: started 1");
        assertThat(cwd.resolve("signaltest-report/index.html"))
                .content()
                .contains("no cleanup line for: started 1", "no cleanup line for: started 2");
    }

    private static String[] outputMatrix(List<String> command) {
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "check",
                "--at-output",
                "started \\d+",
                "--at-output-count",
                "2",
                "--task-start",
                "started (\\d+)",
                "--task-cleanup",
                "cleaned up (\\d+)",
                "--printed-after-signal",
                "0:started \\d+",
                "--"));
        arguments.addAll(command);
        return arguments.toArray(String[]::new);
    }

    private static List<String> printOnlyBatch() {
        return List.of(
                "python3",
                "-u",
                Path.of("src/test/python/print_only_batch.py").toAbsolutePath().toString());
    }

    // ------------------------------------------------------------------ services

    @Test
    @RequiresTool(Tool.PYTHON3)
    void aPythonServiceThatDrainsPassesTheServiceMatrix() throws Exception {
        Cli.Result result = Cli.run(cwd, serviceMatrix(List.of()));

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout())
                .contains(
                        "4 of 4 scenarios passed",
                        "of the service matrix",
                        "drainsGracefully [IN_FLIGHT, SIGTERM]",
                        "drainsGracefully [DURING_DRAIN, SIGTERM]");
        assertWroteOnlyTheReport("signaltest-report");
    }

    @Test
    @RequiresTool(Tool.PYTHON3)
    void aPythonServiceThatStopsAtOnceFailsNamingTheRequestsItCut() throws Exception {
        Cli.Result result = Cli.run(cwd, serviceMatrix(List.of("--stop-now")));

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        assertThat(result.stdout())
                .containsPattern("drainsGracefully \\[IN_FLIGHT, SIGTERM\\] +\\| FAIL")
                .contains("f1 GET /slow?ms=1500 (in flight, new connection): connection closed before any answer");
    }

    @Test
    void aServiceWithoutItsPortIsAUsageError() throws Exception {
        Cli.Result result = Cli.run(
                cwd, "check", "--service", "--ready-url", "/ready", "--", "python3", "server.py", "--port", "8080");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.USAGE);
        assertThat(result.stderr()).contains("--service starts the service on a free port, which {port} stands for");
    }

    private static String[] serviceMatrix(List<String> serverOptions) {
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "check",
                "--service",
                "--ready-url",
                "/ready",
                "--request",
                "GET /slow?ms=1500",
                "--in-flight",
                "2",
                "--new-request",
                "GET /hello",
                "--in-handler-output",
                "handling (?<id>\\S+)",
                "--last-output",
                "stopped",
                "--",
                "python3",
                "-u",
                Path.of("src/test/python/drain_server.py").toAbsolutePath().toString(),
                "--port",
                "{port}"));
        arguments.addAll(serverOptions);
        return arguments.toArray(String[]::new);
    }

    // ------------------------------------------------------------------ failing fast, with the right cause

    @Test
    void aProgramThatRejectsItsArgumentsIsReportedByItsExitAtOnce() throws Exception {
        Cli.Result result = Cli.run(
                cwd,
                "check",
                "--agent",
                "--main",
                PoolBatch.class.getName(),
                "--classpath",
                fixtureClasses().toString(),
                "--moment",
                "QUEUE_WAITING",
                "--signal",
                "TERM",
                "--workload-args",
                "--frobnicate {tasks}");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        assertThat(result.stdout())
                .contains("The child exited with code 2 before reaching QUEUE_WAITING")
                .doesNotContain("moment_missed");
        assertThat(report("signalWhileTasksWait/QUEUE_WAITING-SIGTERM"))
                .contains(
                        "unknown option --frobnicate",
                        "exit code: 2",
                        "it ended before it ran any task",
                        "--workload-args")
                .doesNotContain("thread dump", "It wrote no cleanup log");
    }

    @Test
    void aProgramThatWritesNoLogIsToldSoWithTheWaysInAndNoThreadDumpClaimed() throws Exception {
        Cli.Result result = Cli.run(
                cwd,
                "check",
                "--moment",
                "BEFORE_START",
                "--log-timeout",
                "2s",
                "--workload-args",
                "none",
                "--",
                "sleep",
                "600");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        String report = report("signalBeforeAnyTaskStarts/BEFORE_START-SIGINT");
        assertThat(report)
                .contains(
                        "The child has run for 2000 ms and written no cleanup log, so it cannot reach "
                                + "BEFORE_START. signaltest killed it.",
                        "signaltest runtime",
                        "agent",
                        "--at-output")
                .doesNotContain("thread dump");
    }

    @Test
    void aJvmThatWritesNoLogGetsAThreadDump() throws Exception {
        Cli.Result result = Cli.run(
                cwd,
                "check",
                "--moment",
                "BEFORE_START",
                "--log-timeout",
                "2s",
                "--main",
                PoolBatch.class.getName(),
                "--classpath",
                fixtureClasses().toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        assertThat(report("signalBeforeAnyTaskStarts/BEFORE_START-SIGINT"))
                .contains(
                        "written no cleanup log",
                        "signaltest took a thread dump of it (below) and killed it",
                        "\"main\"");
    }

    // ------------------------------------------------------------------ usage

    @Test
    void aBadOptionIsAUsageErrorWithExitCodeTwo() throws Exception {
        Cli.Result result = Cli.run(cwd, "check", "--jar", Cli.sampleAppJar().toString(), "--moment", "SOMETIME");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.USAGE);
        assertThat(result.stderr())
                .contains(
                        "SOMETIME",
                        "QUEUE_WAITING",
                        "Run 'java -jar signaltest-cli.jar check --help' for the options and examples.");
        assertWroteOnlyTheReport();
    }

    @Test
    void aMissingJarCannotBeStartedWithExitCodeThree() throws Exception {
        Cli.Result result = Cli.run(cwd, "check", "--jar", "build/no-such-app.jar");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.CANNOT_START);
        assertThat(result.stderr()).contains("the jar " + cwd.resolve("build/no-such-app.jar") + " does not exist");
    }

    private String report(String invocation) throws Exception {
        return Files.readString(
                cwd.resolve("signaltest-report/io.signaltest.junit.StandardScenarios/" + invocation + "/report.txt"));
    }

    /** The runner wrote nothing in its working directory but these. */
    private void assertWroteOnlyTheReport(String... names) throws Exception {
        try (Stream<Path> files = Files.list(cwd)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(names);
        }
    }

    /** The test classes, where the fixtures are: a classpath of their own for the child, as a user's would be. */
    private static Path fixtureClasses() {
        return Path.of("target/test-classes").toAbsolutePath();
    }

    private static String xml(Path report) throws Exception {
        try (Stream<Path> files = Files.list(report.resolve("junit"))) {
            Path xml =
                    files.filter(p -> p.toString().endsWith(".xml")).findFirst().orElseThrow();
            return Files.readString(xml);
        }
    }
}
