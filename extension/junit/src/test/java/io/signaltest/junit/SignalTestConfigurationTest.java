package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.PlainApp;
import io.signaltest.runtime.Moment;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Every misuse of {@link SignalTest} fails before any child starts, with an {@link ExtensionConfigurationException}
 * that names the annotation and the attribute.
 */
class SignalTestConfigurationTest {

    @Test
    void noProgram() {
        assertThat(error("noProgram"))
                .hasMessage("@SignalTest requires exactly one of `main`, `jar` or `command`, "
                        + "but none is set: name the program under test (or, for a scenario class shared "
                        + "by several programs, "
                        + "set the configuration parameter signaltest.program.main, signaltest.program.jar or "
                        + "signaltest.program.command).");
    }

    @Test
    void twoPrograms() {
        assertThat(error("twoPrograms"))
                .hasMessage("@SignalTest requires exactly one of `main`, `jar` or `command`, "
                        + "but `main` and `command` are set: keep the one that names the program under test.");
    }

    @Test
    void mainWithoutMainMethod() {
        assertThat(error("mainWithoutMainMethod"))
                .hasMessageStartingWith("@SignalTest requires that `main` name a class with a main method, but "
                        + "java.lang.String has none");
    }

    @Test
    void missingJar() {
        assertThat(error("missingJar"))
                .hasMessageStartingWith("@SignalTest requires that `jar` name an existing jar file")
                .hasMessageContaining("no-such-app.jar does not exist");
    }

    @Test
    void jvmArgsWithCommand() {
        assertThat(error("jvmArgsWithCommand"))
                .hasMessageStartingWith("@SignalTest requires that `jvmArgs` be empty when `command` is set");
    }

    @Test
    void agentWithCommand() {
        assertThat(error("agentWithCommand"))
                .hasMessageStartingWith(
                        "@SignalTest `agent` works with `main` or `jar`, but the program is a `command`");
    }

    @Test
    void noMoment() {
        assertThat(error("noMoment"))
                .hasMessage("@SignalTest requires exactly one of `at`, `atLogEvent` or `atOutput`, "
                        + "but none is set: name the moment at which to deliver the signal, for example "
                        + "at = Moment.QUEUE_WAITING "
                        + "(or, for a scenario class shared by several programs, set the configuration parameter "
                        + "signaltest.moment.output).");
    }

    @Test
    void twoMoments() {
        assertThat(error("twoMoments"))
                .hasMessageStartingWith("@SignalTest requires exactly one of `at`, `atLogEvent` "
                        + "or `atOutput`, but `at` and `atOutput` are set");
    }

    @Test
    void repeatZero() {
        assertThat(error("repeatZero"))
                .hasMessageStartingWith("@SignalTest requires that `repeat` be at least 1, but it is 0");
    }

    @Test
    void negativeTimeout() {
        assertThat(error("negativeTimeout"))
                .hasMessageStartingWith(
                        "@SignalTest requires that `exitTimeoutMillis` be 0 (the configured default) or "
                                + "more, but it is -1");
    }

    @Test
    void envWithoutValue() {
        assertThat(error("envWithoutValue"))
                .hasMessageStartingWith(
                        "@SignalTest requires each `env` entry to have the form NAME=value, but one is \"APP_MODE\"");
    }

    @Test
    void envSettingAHarnessVariable() {
        assertThat(error("envSettingAHarnessVariable"))
                .hasMessageStartingWith("@SignalTest sets SIGNALTEST_LOG itself, so `env` must not set it");
    }

    @Test
    void logFieldWithoutValue() {
        assertThat(error("logFieldWithoutValue"))
                .hasMessageStartingWith(
                        "@SignalTest requires each `atLogFields` entry to have the form name=value, but "
                                + "one is \"task\"");
    }

    @Test
    void outputCountZero() {
        assertThat(error("outputCountZero"))
                .hasMessageStartingWith("@SignalTest requires that `atOutputCount` be at least 1, but it is 0");
    }

    @Test
    void outputCountWithoutOutput() {
        assertThat(error("outputCountWithoutOutput"))
                .hasMessageStartingWith("@SignalTest uses `atOutputCount` only with `atOutput`");
    }

    @Test
    void argumentSetsWithOneName() {
        assertThat(error("argumentSetsWithOneName"))
                .hasMessageStartingWith("@SignalTest requires the argument sets in `argSets` to have different names, "
                        + "but \"--tasks 2\" appears twice");
    }

    @Test
    void logFieldsWithoutEvent() {
        assertThat(error("logFieldsWithoutEvent"))
                .hasMessageStartingWith("@SignalTest uses `atLogFields` only with `atLogEvent`");
    }

    @Test
    void invalidOutputPattern() {
        assertThat(error("invalidOutputPattern"))
                .hasMessageStartingWith("@SignalTest requires that `atOutput` be a regular expression "
                        + "(java.util.regex.Pattern), but \"ready (\" is not one");
    }

    @Test
    void firstSignalDuringCleanup() {
        assertThat(error("firstSignalDuringCleanup"))
                .hasMessageStartingWith("@SignalTest requires that `firstSignalAt` be a moment before the cleanup");
    }

    @Test
    void momentTwice() {
        assertThat(error("momentTwice"))
                .hasMessageStartingWith(
                        "@SignalTest requires each moment to appear once in `at`, but QUEUE_WAITING appears twice");
    }

    @Test
    void noSignal() {
        assertThat(error("noSignal")).hasMessageStartingWith("@SignalTest requires at least one signal in `signal`");
    }

    @Test
    void signalTwice() {
        assertThat(error("signalTwice"))
                .hasMessageStartingWith(
                        "@SignalTest requires each signal to appear once in `signal`, but SIGTERM appears twice");
    }

    @Test
    void missingWorkingDirectory() {
        assertThat(error("missingWorkingDirectory"))
                .hasMessageStartingWith("@SignalTest requires that `workingDirectory` name an existing directory");
    }

    @Test
    void invalidConfiguredTimeout() {
        EngineExecutionResults results =
                FixtureKit.run(TestCases.class, "valid", Map.of(SignalTest.MOMENT_TIMEOUT_PROPERTY, "soon"));
        assertThat(FixtureKit.onlyFailure(results))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("The configuration parameter signaltest.moment.timeout.millis is \"soon\", "
                        + "which is not a positive number of milliseconds");
        assertThat(results.testEvents().started().count()).isZero();
    }

    @Test
    void negativeRuns() {
        assertThat(error("negativeRuns"))
                .hasMessageStartingWith(
                        "@SignalTest requires that `runs` be 0 (the configured default) or more, " + "but it is -1");
    }

    @Test
    void negativeJitter() {
        assertThat(error("negativeJitter"))
                .hasMessageStartingWith("@SignalTest requires that `jitterMillis` be 0 (the configured default) or "
                        + "more, but it is -5");
    }

    @Test
    void jitterUnderTheAgent() {
        assertThat(error("jitterUnderTheAgent"))
                .hasMessageStartingWith("@SignalTest jitters its signals (jitterMillis 20) for a program under the "
                        + "agent, whose holds end only with the signal");
    }

    @Test
    void invalidConfiguredRunsAndSeeds() {
        for (Map.Entry<String, String> parameter : Map.of(
                        SignalTest.RUNS_PROPERTY, "0",
                        SignalTest.JITTER_PROPERTY, "-1",
                        SignalTest.SEED_PROPERTY, "0xnotaseed",
                        SignalTest.REPLAY_PROPERTY, "seed 7")
                .entrySet()) {
            EngineExecutionResults results =
                    FixtureKit.run(TestCases.class, "valid", Map.of(parameter.getKey(), parameter.getValue()));
            assertThat(FixtureKit.onlyFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageStartingWith("The configuration parameter " + parameter.getKey() + " is \""
                            + parameter.getValue() + "\"");
            assertThat(results.testEvents().started().count()).isZero();
        }
    }

    @Test
    void composedAnnotation() {
        assertThat(error("composed"))
                .hasMessageStartingWith("@SignalTest requires exactly one of `main`, `jar` or `command`");
    }

    /** The template fails as a container: no invocation starts, so no child is launched. */
    private static Throwable error(String method) {
        EngineExecutionResults results = FixtureKit.run(TestCases.class, method);
        assertThat(results.testEvents().started().count())
                .as("invocations started")
                .isZero();
        return assertThat(FixtureKit.onlyFailure(results))
                .isInstanceOf(ExtensionConfigurationException.class)
                .actual();
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @SignalTest(at = Moment.QUEUE_WAITING)
    @interface CtrlCWhileQueuedWithoutProgram {}

    @Fixture
    static class TestCases {

        @SignalTest(at = Moment.QUEUE_WAITING)
        void noProgram(SignalRun run) {}

        @SignalTest(main = PlainApp.class, command = "true", at = Moment.QUEUE_WAITING)
        void twoPrograms(SignalRun run) {}

        @SignalTest(main = String.class, at = Moment.QUEUE_WAITING)
        void mainWithoutMainMethod(SignalRun run) {}

        @SignalTest(jar = "target/no-such-app.jar", at = Moment.QUEUE_WAITING)
        void missingJar(SignalRun run) {}

        @SignalTest(
                command = {"{java}", "-cp", "{classpath}", "Main"},
                jvmArgs = "-Xmx64m",
                at = Moment.QUEUE_WAITING)
        void jvmArgsWithCommand(SignalRun run) {}

        @SignalTest(
                command = {"{java}", "-cp", "{classpath}", "Main"},
                agent = true,
                at = Moment.QUEUE_WAITING)
        void agentWithCommand(SignalRun run) {}

        @SignalTest(main = PlainApp.class)
        void noMoment(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, atOutput = "ready")
        void twoMoments(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, repeat = 0)
        void repeatZero(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, exitTimeoutMillis = -1)
        void negativeTimeout(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, env = "APP_MODE")
        void envWithoutValue(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, env = "SIGNALTEST_LOG=/tmp/log.jsonl")
        void envSettingAHarnessVariable(SignalRun run) {}

        @SignalTest(main = PlainApp.class, atLogEvent = "task_started", atLogFields = "task")
        void logFieldWithoutValue(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, atLogFields = "task=2")
        void logFieldsWithoutEvent(SignalRun run) {}

        @SignalTest(main = PlainApp.class, atOutput = "ready (")
        void invalidOutputPattern(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.DURING_CLEANUP, firstSignalAt = Moment.DURING_CLEANUP)
        void firstSignalDuringCleanup(SignalRun run) {}

        @SignalTest(
                main = PlainApp.class,
                at = {Moment.QUEUE_WAITING, Moment.QUEUE_WAITING})
        void momentTwice(SignalRun run) {}

        @SignalTest(
                main = PlainApp.class,
                at = Moment.QUEUE_WAITING,
                signal = {})
        void noSignal(SignalRun run) {}

        @SignalTest(
                main = PlainApp.class,
                at = Moment.QUEUE_WAITING,
                signal = {Signal.TERM, Signal.TERM})
        void signalTwice(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, workingDirectory = "target/no-such-directory")
        void missingWorkingDirectory(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING)
        void valid(SignalRun run) {}

        @SignalTest(main = PlainApp.class, atOutput = "ready", atOutputCount = 0)
        void outputCountZero(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, atOutputCount = 2)
        void outputCountWithoutOutput(SignalRun run) {}

        @SignalTest(
                main = PlainApp.class,
                at = Moment.QUEUE_WAITING,
                argSets = {@SignalTest.Args({"--tasks", "2"}), @SignalTest.Args({"--tasks", "2"})})
        void argumentSetsWithOneName(SignalRun run) {}

        @CtrlCWhileQueuedWithoutProgram
        void composed(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, runs = -1)
        void negativeRuns(SignalRun run) {}

        @SignalTest(main = PlainApp.class, at = Moment.QUEUE_WAITING, jitterMillis = -5)
        void negativeJitter(SignalRun run) {}

        @SignalTest(main = PlainApp.class, agent = true, at = Moment.QUEUE_WAITING, jitterMillis = 20)
        void jitterUnderTheAgent(SignalRun run) {}
    }
}
