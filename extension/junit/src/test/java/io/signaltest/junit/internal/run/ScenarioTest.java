package io.signaltest.junit.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.LogRecord;
import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.fixtures.PlainApp;
import io.signaltest.junit.internal.process.ChildLauncher;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.process.Supervisor;
import io.signaltest.runtime.Moment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a valid annotation turns into: invocations, their names, the holds, the commands, the deadlines. */
class ScenarioTest {

    private static final Path HERE = Path.of("").toAbsolutePath();

    @Test
    void oneInvocationPerMomentAndSignal() {
        Scenario scenario = scenario("matrix", Map.of());
        assertThat(scenario.invocations())
                .extracting(Invocation::displayName)
                .containsExactly(
                        "BELOW_LIMIT, SIGINT",
                        "BELOW_LIMIT, SIGTERM",
                        "DURING_CLEANUP, SIGINT",
                        "DURING_CLEANUP, SIGTERM");
        assertThat(scenario.invocations())
                .extracting(i -> i.moment().holds())
                .containsExactly(
                        "BELOW_LIMIT", "BELOW_LIMIT", "QUEUE_WAITING,DURING_CLEANUP", "QUEUE_WAITING,DURING_CLEANUP");
    }

    @Test
    void namesRepeatedSignalsAndCustomMoments() {
        assertThat(scenario("repeated", Map.of()).invocations())
                .extracting(Invocation::displayName)
                .containsExactly("ALL_SLOTS_FULL, SIGHUP x3");
        assertThat(scenario("logEvent", Map.of()).invocations())
                .extracting(Invocation::displayName)
                .containsExactly("log event task_event name=working task=2, SIGINT");
        assertThat(scenario("output", Map.of()).invocations())
                .extracting(Invocation::displayName)
                .containsExactly("output /ready$/, SIGINT");
    }

    @Test
    void eachRepeatedSignalOfARuntimeMomentIsHeldDuringACleanup() {
        Invocation repeated = scenario("repeated", Map.of()).invocations().get(0);
        assertThat(repeated.holds()).isEqualTo("ALL_SLOTS_FULL,DURING_CLEANUP,DURING_CLEANUP");
        assertThat(repeated.repeatHoldsBefore(2)).isEqualTo(1);
        assertThat(repeated.repeatHoldsBefore(3)).isEqualTo(2);

        Invocation single = scenario("matrix", Map.of()).invocations().get(0);
        assertThat(single.holds()).doesNotContain(",");
        Invocation output = scenario("output", Map.of()).invocations().get(0);
        assertThat(output.holds()).isEmpty();
    }

    @Test
    void deadlinesComeFromTheAnnotationThenTheConfigurationThenTheDefault() {
        Scenario defaults = scenario("matrix", Map.of());
        assertThat(defaults.momentTimeoutMillis()).isEqualTo(60_000);
        assertThat(defaults.exitTimeoutMillis()).isEqualTo(60_000);

        Scenario configured = scenario(
                "matrix", Map.of(SignalTest.MOMENT_TIMEOUT_PROPERTY, "1500", SignalTest.EXIT_TIMEOUT_PROPERTY, "2500"));
        assertThat(configured.momentTimeoutMillis()).isEqualTo(1500);
        assertThat(configured.exitTimeoutMillis()).isEqualTo(2500);

        Scenario annotated = scenario("repeated", Map.of(SignalTest.EXIT_TIMEOUT_PROPERTY, "2500"));
        assertThat(annotated.exitTimeoutMillis()).isEqualTo(9000);
    }

    @Test
    void theAgentComesFirstAmongTheJvmOptionsWithThePoolToFollow() {
        List<String> command = command(scenario(
                "matrix",
                Map.of(
                        SignalTest.PROGRAM_AGENT_PROPERTY,
                        "true",
                        SignalTest.AGENT_FOLLOW_PROPERTY,
                        "pool-2",
                        SignalTest.MOMENT_TIMEOUT_PROPERTY,
                        "1500")));
        assertThat(command.get(1))
                .startsWith("-javaagent:")
                .contains("signaltest-agent")
                .endsWith(".jar=follow=pool-2");
        assertThat(command.get(2)).isEqualTo("-Xss512k");
    }

    @Test
    void mainRunsWithThisJvmsJavaAndClasspath() {
        List<String> command = command(scenario("matrix", Map.of()));
        assertThat(command)
                .containsExactly(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xss512k",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PlainApp.class.getName(),
                        "--tasks",
                        "3");
    }

    @Test
    void commandPlaceholdersStandForThisJvmsJavaAndClasspath() {
        List<String> command = command(scenario("output", Map.of()));
        assertThat(command)
                .containsExactly(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        "x:" + System.getProperty("java.class.path"),
                        "Main");
    }

    @Test
    void everyChildIsSupervisedAndLeadsItsOwnProcessGroup() {
        List<String> command = Supervisor.wrap(ChildLauncher.launchCommand(List.of("prog", "arg")));
        assertThat(command.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(command)
                .contains(Supervisor.NAME, Long.toString(ProcessHandle.current().pid()));
        assertThat(command).anySatisfy(element -> assertThat(element).endsWith("/setsid"));
        assertThat(command).endsWith("prog", "arg");
    }

    @Test
    void argumentSetsComeFirstInTheMatrixAndNameTheirInvocations() {
        Scenario scenario = scenario("argSets", Map.of());
        assertThat(scenario.invocations())
                .extracting(Invocation::displayName)
                .containsExactly(
                        "small: output /Task \\d+ started/ #2, SIGINT", "small: output /Task \\d+ started/ #2, SIGTERM",
                        "--tasks 6: output /Task \\d+ started/ #2, SIGINT",
                                "--tasks 6: output /Task \\d+ started/ #2, SIGTERM");
        assertThat(scenario.invocations().get(2).arguments().appendTo(List.of("prog", "--fixed")))
                .containsExactly("prog", "--fixed", "--tasks", "6");
        assertThat(scenario.invocations())
                .allSatisfy(i -> assertThat(((MomentTarget.OutputLine) i.moment()).count())
                        .isEqualTo(2));
    }

    @Test
    void theModuleDirectoryPlaceholderIsReplacedEverywhere() {
        SignalTest annotation = annotation("moduleDir");
        Scenario scenario = Scenario.of(annotation, key -> Optional.empty(), HERE, Path.of("/m"));
        assertThat(((Program.Command) scenario.program()).elements()).containsExactly("python3", "/m/src/batch.py");
        assertThat(scenario.args()).containsExactly("--data", "/m/data");
        assertThat(scenario.env()).containsEntry("CONFIG", "/m/app.conf");
        assertThat(scenario.invocations().get(0).arguments().args()).containsExactly("/m/in.txt");
    }

    @Test
    void theModuleDirectoryOfATestClassIsTheDirectoryWithItsBuildFile() {
        assertThat(ModuleDirectory.of(ScenarioTest.class, Path.of("/fallback")))
                .isEqualTo(HERE); // Maven runs tests in the module
        assertThat(ModuleDirectory.of(String.class, Path.of("/fallback"))).isEqualTo(Path.of("/fallback"));
    }

    @Test
    void aJvmChildGetsItsTemporaryDirectoryAfterTheJavaExecutable() {
        Path temp = Path.of("/run/tmp");
        assertThat(ChildCommand.withJavaTempDirectory(
                        scenario("matrix", Map.of()).program(), List.of("java", "-cp", "x", "Main"), temp))
                .containsExactly("java", "-Djava.io.tmpdir=/run/tmp", "-cp", "x", "Main");
        assertThat(ChildCommand.withJavaTempDirectory(
                        scenario("output", Map.of()).program(), List.of("java", "Main"), temp))
                .containsExactly("java", "-Djava.io.tmpdir=/run/tmp", "Main");
        assertThat(ChildCommand.withJavaTempDirectory(
                        scenario("argSets", Map.of()).program(), List.of("/bin/sh", "x"), temp))
                .containsExactly("/bin/sh", "x");
    }

    @Test
    void logEventFieldsCompareAsText() {
        MomentTarget.LogEvent target = new MomentTarget.LogEvent("task_event", Map.of("task", "2"));
        assertThat(target.matches(record("task_event", Map.of("task", 2L)))).isTrue();
        assertThat(target.matches(record("task_event", Map.of("task", 3L)))).isFalse();
        assertThat(target.matches(record("task_started", Map.of("task", 2L)))).isFalse();
    }

    @Test
    void signalsArePosixOnlyOffWindows() {
        assertThat(Platform.hasPosixSignals("Linux")).isTrue();
        assertThat(Platform.hasPosixSignals("Mac OS X")).isTrue();
        assertThat(Platform.hasPosixSignals("Windows 11")).isFalse();
    }

    private static LogRecord record(String event, Map<String, Object> fields) {
        return new LogRecord(1, 0, 0, event, fields);
    }

    private static Scenario scenario(String method, Map<String, String> configuration) {
        return Scenario.of(annotation(method), key -> Optional.ofNullable(configuration.get(key)), HERE);
    }

    private static SignalTest annotation(String method) {
        try {
            return Examples.class.getDeclaredMethod(method).getAnnotation(SignalTest.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unused")
    private static final class Examples {
        @SignalTest(
                main = PlainApp.class,
                jvmArgs = "-Xss512k",
                args = {"--tasks", "3"},
                at = {Moment.BELOW_LIMIT, Moment.DURING_CLEANUP},
                firstSignalAt = Moment.QUEUE_WAITING,
                signal = {Signal.INT, Signal.TERM})
        void matrix() {}

        @SignalTest(
                main = PlainApp.class,
                at = Moment.ALL_SLOTS_FULL,
                signal = Signal.HUP,
                repeat = 3,
                exitTimeoutMillis = 9000)
        void repeated() {}

        @SignalTest(
                main = PlainApp.class,
                atLogEvent = "task_event",
                atLogFields = {"task=2", "name=working"})
        void logEvent() {}

        @SignalTest(
                command = {"{java}", "-cp", "x:{classpath}", "Main"},
                atOutput = "ready$")
        void output() {}

        @SignalTest(
                command = "/bin/sh",
                atOutput = "Task \\d+ started",
                atOutputCount = 2,
                signal = {Signal.INT, Signal.TERM},
                argSets = {
                    @SignalTest.Args(
                            name = "small",
                            value = {"--tasks", "2"}),
                    @SignalTest.Args({"--tasks", "6"})
                })
        void argSets() {}

        @SignalTest(
                command = {"python3", "{moduleDir}/src/batch.py"},
                args = {"--data", "{moduleDir}/data"},
                env = "CONFIG={moduleDir}/app.conf",
                argSets = @SignalTest.Args("{moduleDir}/in.txt"),
                atOutput = "x")
        void moduleDir() {}
    }

    private static List<String> command(Scenario scenario) {
        return ChildCommand.programCommand(scenario, Path.of("target", "signaltest"));
    }
}
