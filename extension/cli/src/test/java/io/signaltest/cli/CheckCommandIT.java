package io.signaltest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.cli.fixtures.TermExitsZero;
import io.signaltest.testing.RequiresTool;
import io.signaltest.testing.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console runner end to end: the packaged jar, run as a process, against real programs that
 * receive real signals; its exit code, its output, the JUnit XML and the HTML report.
 */
class CheckCommandIT {

    @TempDir
    Path work;

    @Test
    void theSampleAppPassesTheWholeMatrixWithExitCodeZero() throws Exception {
        Cli.Result result = Cli.run(work, "check", "--jar", Cli.sampleAppJar().toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout())
                .contains("[1/10] running", "[10/10]", "10 of 10 scenarios passed")
                .containsPattern("StandardScenarios\\.repeatedSignals \\[QUEUE_WAITING, SIGINT x3\\] +\\| pass")
                .contains("signaltest: report " + work.resolve("signaltest-report/index.html"));
        Path report = work.resolve("signaltest-report");
        assertThat(report.resolve("index.html")).content().contains("10 of 10 scenarios passed").contains("<svg");
        assertThat(xml(report)).contains("tests=\"10\"").contains("failures=\"0\"").contains("errors=\"0\"");
        assertThat(report.resolve("io.signaltest.junit.StandardScenarios/repeatedSignals/QUEUE_WAITING-SIGINT-x3/cleanup.jsonl"))
                .isRegularFile();
    }

    @Test
    void aWrongExitCodeOnSigtermFailsWithItsSymptomInTheTableTheXmlAndTheHtml() throws Exception {
        Cli.Result result = Cli.run(work, "check", "--main", TermExitsZero.class.getName(),
                "--classpath", System.getProperty("java.class.path"), "--signal", "TERM", "--report-dir", "out");

        String symptom = "exit code 0, expected 143 (128 + SIGTERM)";
        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.FAILED);
        assertThat(result.stdout())
                .contains("0 of 2 scenarios passed")
                .containsPattern("signalWithAllSlotsFull \\[ALL_SLOTS_FULL, SIGTERM\\] +\\| FAIL +\\| +0 \\|.*"
                        + java.util.regex.Pattern.quote(symptom))
                .containsPattern("signalWhileTasksWait \\[QUEUE_WAITING, SIGTERM\\] +\\| FAIL +\\| +0 \\|.*"
                        + java.util.regex.Pattern.quote(symptom))
                .doesNotContain("Multiple Failures");
        // the methods without a SIGTERM scenario are in the XML as skipped, with the reason
        assertThat(xml(work.resolve("out"))).contains("failures=\"2\"").contains("errors=\"0\"").contains(symptom)
                .contains("none of its invocations is at the selected any moment and signals SIGTERM");
        assertThat(work.resolve("out/index.html")).content().contains("0 of 2 scenarios passed").contains(symptom);
    }

    @Test
    void anyCommandGetsTheWorkloadOptionsAppended() throws Exception {
        Cli.Result result = Cli.run(work, "check", "--moment", "QUEUE_WAITING", "--signal", "INT",
                "--", Cli.java().toString(), "-jar", Cli.sampleAppJar().toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout()).contains("2 of 2 scenarios passed", "[QUEUE_WAITING, SIGINT x3]");
        Path command = work.resolve("signaltest-report/io.signaltest.junit.StandardScenarios/signalWhileTasksWait/"
                + "QUEUE_WAITING-SIGINT/command.txt");
        assertThat(Files.readAllLines(command)).containsSubsequence(Cli.sampleAppJar().toString(), "--tasks", "6",
                "--max-concurrent", "2");
    }

    @Test
    @RequiresTool(Tool.PYTHON3)
    void aPythonProgramPassesTheWholeMatrix() throws Exception {
        Path program = Path.of("../../sample-app/src/test/python/asyncio_workload.py").toAbsolutePath().normalize();

        Cli.Result result = Cli.run(work, "check", "--", "python3", "-u", program.toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.PASSED);
        assertThat(result.stdout()).contains("10 of 10 scenarios passed");
    }

    @Test
    void aBadOptionIsAUsageErrorWithExitCodeTwo() throws Exception {
        Cli.Result result = Cli.run(work, "check", "--jar", Cli.sampleAppJar().toString(), "--moment", "SOMETIME");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.USAGE);
        assertThat(result.stderr()).contains("SOMETIME", "QUEUE_WAITING",
                "Run 'java -jar signaltest-cli.jar check --help' for the options and examples.");
        assertThat(work.resolve("signaltest-report")).doesNotExist();
    }

    @Test
    void aMissingJarCannotBeStartedWithExitCodeThree() throws Exception {
        Cli.Result result = Cli.run(work, "check", "--jar", "build/no-such-app.jar");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.CANNOT_START);
        assertThat(result.stderr()).contains("the jar " + work.resolve("build/no-such-app.jar") + " does not exist");
    }

    private static String xml(Path report) throws Exception {
        try (Stream<Path> files = Files.list(report.resolve("junit"))) {
            Path xml = files.filter(p -> p.toString().endsWith(".xml")).findFirst().orElseThrow();
            return Files.readString(xml);
        }
    }
}
