package io.signaltest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.OutputScenarios;
import io.signaltest.junit.SignalTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line without running a scenario: help, usage errors, programs that cannot start, timelines. */
class SignalTestCliTest {

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SignalTestCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpShowsTheThreeWaysToNameAProgramAndExamples() {
        assertThat(run("check", "--help")).isZero();
        assertThat(out())
                .contains(
                        "--jar APP.jar",
                        "--main CLASS --classpath CP",
                        "-- COMMAND",
                        "--report-dir",
                        "--moment",
                        "--signal",
                        "--jvm-options",
                        "--agent",
                        "--moment-timeout",
                        "--exit-timeout",
                        "Examples:",
                        "--at-output",
                        "--task-start",
                        "--workload-args",
                        "a number alone is seconds",
                        "Exit codes: 0");
    }

    @Test
    void noProgramIsAUsageError() {
        assertThat(run("check")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("name the program to check", "--help");
    }

    @Test
    void twoProgramsAreAUsageError() {
        assertThat(run("check", "--jar", "a.jar", "--main", "a.Main", "--classpath", "."))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("name the program once");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("check", "--jar", "a.jar", "--frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("Unknown option: '--frobnicate'", "check --help");
    }

    @Test
    void aSelectionWithoutScenariosIsAUsageError() throws Exception {
        Path jar = Files.write(work.resolve("app.jar"), new byte[] {'P', 'K', 3, 4});
        assertThat(run("check", "--jar", jar.toString(), "--moment", "BEFORE_START", "--signal", "TERM"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err())
                .contains("no scenario of the standard matrix", "signalWithAllSlotsFull [ALL_SLOTS_FULL, SIGTERM]");
    }

    @Test
    void theOptionsBecomeTheConfigurationOfTheMatrix() throws Exception {
        Path jar = Files.write(work.resolve("app.jar"), new byte[] {'P', 'K', 3, 4});
        CheckCommand check = new CheckCommand();
        new CommandLine(check)
                .parseArgs(
                        "--jar",
                        jar.toString(),
                        "--agent",
                        "--jvm-options",
                        "-Xmx64m -Xss512k",
                        "--moment",
                        "QUEUE_WAITING,DURING_CLEANUP",
                        "--signal",
                        "TERM",
                        "--moment-timeout",
                        "500ms",
                        "--exit-timeout",
                        "2m",
                        "--parallel",
                        "1",
                        "--report-dir",
                        work.resolve("r").toString());

        assertThat(check.parameters())
                .containsEntry(SignalTest.PROGRAM_JAR_PROPERTY, jar.toString())
                .containsEntry("signaltest.program.agent", "true")
                .containsEntry(SignalTest.PROGRAM_JVM_ARGS_PROPERTY, "-Xmx64m -Xss512k")
                .containsEntry(SignalTest.SELECTED_MOMENTS_PROPERTY, "QUEUE_WAITING,DURING_CLEANUP")
                .containsEntry(SignalTest.SELECTED_SIGNALS_PROPERTY, "TERM")
                .containsEntry(SignalTest.MOMENT_TIMEOUT_PROPERTY, "500")
                .containsEntry(SignalTest.EXIT_TIMEOUT_PROPERTY, "120000")
                .containsEntry(
                        SignalTest.OUTPUT_DIRECTORY_PROPERTY, work.resolve("r").toString())
                .containsEntry("junit.jupiter.execution.parallel.enabled", "false");
    }

    @Test
    void aMainClassRunsOnTheGivenClasspath() throws Exception {
        Path classes = Files.createDirectories(work.resolve("classes/com/example"));
        Files.write(classes.resolve("App.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
        CheckCommand check = new CheckCommand();
        new CommandLine(check)
                .parseArgs(
                        "--main",
                        "com.example.App",
                        "--classpath",
                        work.resolve("classes").toString(),
                        "--jvm-options",
                        "-Xmx64m",
                        "--args",
                        "--verbose --dry-run");

        assertThat(check.parameters())
                .containsEntry(SignalTest.PROGRAM_MAIN_PROPERTY, "com.example.App")
                .containsEntry(
                        SignalTest.PROGRAM_CLASSPATH_PROPERTY,
                        work.resolve("classes").toString())
                .containsEntry(SignalTest.PROGRAM_JVM_ARGS_PROPERTY, "-Xmx64m")
                .containsEntry(SignalTest.PROGRAM_ARGS_PROPERTY, "[\"--verbose\",\"--dry-run\"]")
                .doesNotContainKey(SignalTest.PROGRAM_COMMAND_PROPERTY);
    }

    @Test
    void theOutputOptionsBecomeTheConfigurationOfTheOutputMatrix() throws Exception {
        CheckCommand check = new CheckCommand();
        new CommandLine(check)
                .parseArgs(
                        "--at-output",
                        "started \\d+",
                        "--at-output-count",
                        "1,2",
                        "--task-start",
                        "started (\\d+)",
                        "--task-cleanup",
                        "cleaned up (\\d+)",
                        "--printed-after-signal",
                        "0:started \\d+",
                        "--exit-code",
                        "0,130",
                        "--",
                        "sh",
                        "-c",
                        "true");

        assertThat(check.parameters())
                .containsEntry(SignalTest.MOMENT_OUTPUT_PROPERTY, "started \\d+")
                .containsEntry(SignalTest.MOMENT_OUTPUT_COUNT_PROPERTY, "1,2")
                .containsEntry(OutputScenarios.TASK_START_PROPERTY, "started (\\d+)")
                .containsEntry(OutputScenarios.TASK_CLEANUP_PROPERTY, "cleaned up (\\d+)")
                .containsEntry(OutputScenarios.PRINTED_AFTER_SIGNAL_PROPERTY, "{\"started \\\\d+\":0}")
                .containsEntry(OutputScenarios.EXIT_CODES_PROPERTY, "0,130");
        assertThat(CheckPlan.of(check).scenarios())
                .containsExactly(
                        "signalAfterTheLine [output /started \\d+/, SIGINT]",
                        "signalAfterTheLine [output /started \\d+/, SIGTERM]",
                        "signalAfterTheLine [output /started \\d+/, SIGHUP]",
                        "signalAfterTheLine [output /started \\d+/ #2, SIGINT]",
                        "signalAfterTheLine [output /started \\d+/ #2, SIGTERM]",
                        "signalAfterTheLine [output /started \\d+/ #2, SIGHUP]",
                        "repeatedSignalsAfterTheLine [output /started \\d+/, SIGINT x3]",
                        "repeatedSignalsAfterTheLine [output /started \\d+/ #2, SIGINT x3]");
    }

    @Test
    void outputChecksWithoutAnOutputMomentAreAUsageError() throws Exception {
        Path jar = Files.write(work.resolve("app.jar"), new byte[] {'P', 'K', 3, 4});
        assertThat(run("check", "--jar", jar.toString(), "--task-start", "started"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--task-start/--task-cleanup goes with --at-output");
    }

    @Test
    void aStartLineWithoutACleanupLineIsAUsageError() {
        assertThat(run("check", "--at-output", "x", "--task-start", "started", "--", "sh"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--task-start and --task-cleanup go together");
    }

    @Test
    void aLineCountAfterTheSignalNeedsItsCount() {
        assertThat(run("check", "--at-output", "x", "--printed-after-signal", "started", "--", "sh"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--printed-after-signal takes COUNT:REGEX");
    }

    @Test
    void theAgentNeedsAJvmProgram() {
        assertThat(run("check", "--agent", "--", "sh", "-c", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--agent goes with --jar or --main");
    }

    @Test
    void momentsAreNamedInAnyCase() throws Exception {
        Path jar = Files.write(work.resolve("app.jar"), new byte[] {'P', 'K', 3, 4});
        CheckCommand check = new CheckCommand();
        SignalTestCli.configure(new CommandLine(check)).parseArgs("--jar", jar.toString(), "--moment", "queue_waiting");
        assertThat(check.parameters()).containsEntry(SignalTest.SELECTED_MOMENTS_PROPERTY, "QUEUE_WAITING");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        assertThat(run("chek", "--jar", "a.jar")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("Unmatched argument", "chek", "Did you mean", "check");
    }

    @Test
    void aDurationMustBeADuration() {
        assertThat(run("check", "--jar", "a.jar", "--exit-timeout", "soon")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("'soon' is not a duration");
    }

    @Test
    void aFileThatIsNotAJarCannotBeStarted() throws Exception {
        Path notAJar = Files.writeString(work.resolve("app.jar"), "#!/bin/sh\n");
        assertThat(run("check", "--jar", notAJar.toString())).isEqualTo(ExitCodes.CANNOT_START);
        assertThat(err()).contains("is not a jar");
    }

    @Test
    void aMainClassMissingFromTheClasspathCannotBeStarted() {
        assertThat(run("check", "--main", "com.example.Missing", "--classpath", work.toString()))
                .isEqualTo(ExitCodes.CANNOT_START);
        assertThat(err()).contains("the main class com.example.Missing is not on the classpath");
    }

    @Test
    void aCommandNotOnThePathCannotBeStarted() {
        assertThat(run("check", "--", "no-such-program-anywhere", "--flag")).isEqualTo(ExitCodes.CANNOT_START);
        assertThat(err()).contains("no executable no-such-program-anywhere on the PATH");
    }

    @Test
    void theTimelineOfALogIsOneRecordALine() throws Exception {
        Path log = Files.writeString(work.resolve("cleanup.jsonl"), """
                {"v":1,"seq":0,"t_ns":0,"event":"run_started","max_concurrent":1}
                {"v":1,"seq":1,"t_ns":1000000,"event":"task_queued","task":1,"name":"a"}
                {"v":1,"seq":2,"t_ns":2000000,"event":"task_started","task":1,"slot":1}
                {"v":1,"seq":3,"t_ns":3500000,"event":"signal_received","signal":"INT","count":1,"action":"cancel"}
                """);
        assertThat(run("timeline", log.toString())).isEqualTo(ExitCodes.PASSED);
        assertThat(out()).containsPattern("\\+3\\.500 ms +#3 +signal_received +signal=INT count=1 action=cancel");
    }

    @Test
    void allShowsEveryRecordOfALongLog() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("{\"v\":1,\"seq\":")
                    .append(i)
                    .append(",\"t_ns\":")
                    .append(i * 1000)
                    .append(",\"event\":\"task_event\",\"task\":1,\"name\":\"tick-")
                    .append(i)
                    .append("\"}\n");
        }
        Path log = Files.writeString(work.resolve("cleanup.jsonl"), text);

        assertThat(run("timeline", log.toString())).isEqualTo(ExitCodes.PASSED);
        assertThat(out()).contains("tick-0", "tick-99", "records ...").doesNotContain("tick-50 ");
        out.reset();
        assertThat(run("timeline", log.toString(), "--all")).isEqualTo(ExitCodes.PASSED);
        assertThat(out().lines()).hasSize(100);
        assertThat(out()).contains("name=tick-50").doesNotContain("records ...");
    }

    @Test
    void theHtmlTimelineIsThePicture() throws Exception {
        Path log = Files.writeString(work.resolve("cleanup.jsonl"), """
                {"v":1,"seq":0,"t_ns":0,"event":"run_started","max_concurrent":2}
                {"v":1,"seq":1,"t_ns":1000000,"event":"task_queued","task":1,"name":"a"}
                {"v":1,"seq":2,"t_ns":2000000,"event":"task_started","task":1,"slot":1}
                {"v":1,"seq":3,"t_ns":3500000,"event":"signal_received","signal":"INT","count":1,"action":"cancel"}
                """);
        Path html = work.resolve("run.html");
        assertThat(run("timeline", log.toString(), "--html", "-o", html.toString()))
                .isEqualTo(ExitCodes.PASSED);
        assertThat(html)
                .content()
                .contains("<svg class=\"run-picture\"", "<g class=\"lane\" data-slot=\"2\"", "<g class=\"signal\"");
    }

    @Test
    void aLogWithABrokenLineIsShownAndExitsWithOne() throws Exception {
        Path log = Files.writeString(work.resolve("cleanup.jsonl"), """
                {"v":1,"seq":0,"t_ns":0,"event":"run_started"}
                not json
                """);
        assertThat(run("timeline", log.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err()).contains("line 2 is not a valid log record");
    }

    @Test
    void aMissingLogIsAUsageError() {
        assertThat(run("timeline", work.resolve("nothing.jsonl").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("there is no cleanup log at");
    }
}
