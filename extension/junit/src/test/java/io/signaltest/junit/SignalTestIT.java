package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.PlainApp;
import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.runtime.Moment;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Real children, real signals: each scenario of the test cases below runs through the Jupiter engine, and each test
 * case checks its {@link SignalRun} with plain AssertJ.
 */
class SignalTestIT {

    private static EngineExecutionResults results;

    @BeforeAll
    static void runTheScenarios() throws IOException {
        writePlainAppJar();
        // In parallel, as a team's suite may run: each invocation has its own child, directory and state.
        results = FixtureKit.run(
                TestCases.class,
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"));
    }

    @Test
    void everyScenarioPasses() {
        FixtureKit.assertNoFailures(results);
        assertThat(results.testEvents().succeeded().count())
                .isEqualTo(results.testEvents().started().count());
    }

    @Test
    void oneInvocationPerMomentAndSignal() {
        assertThat(FixtureKit.testNames(results))
                .contains(
                        "BEFORE_START, SIGINT",
                        "BELOW_LIMIT, SIGINT",
                        "DURING_CLEANUP, SIGINT",
                        "ALL_SLOTS_FULL, SIGINT",
                        "QUEUE_WAITING, SIGINT",
                        "QUEUE_WAITING, SIGTERM",
                        "QUEUE_WAITING, SIGHUP",
                        "ALL_SLOTS_FULL, SIGINT x3",
                        "log event task_event name=working task=2, SIGINT",
                        "output /plain app: ready/, SIGINT");
        assertThat(results.testEvents().started().count()).isEqualTo(15);
    }

    @Test
    void eachRunPublishesItsDirectoryAndSummary() {
        List<Map<String, String>> entries = FixtureKit.reportEntries(results);
        assertThat(entries).hasSize(15);
        assertThat(entries).allSatisfy(entry -> {
            Path directory = Path.of(entry.get("signaltest.directory"));
            assertThat(directory.resolve("stdout.txt")).exists();
            assertThat(directory.resolve("stderr.txt")).exists();
            assertThat(directory.resolve("timeline.txt")).exists();
            assertThat(directory.resolve("report.txt")).exists();
            assertThat(entry.get("signaltest.summary")).contains(" at ").contains("exited with code");
        });
        assertThat(entries)
                .anySatisfy(entry -> assertThat(Path.of(entry.get("signaltest.directory")))
                        .endsWith(Path.of(
                                "io.signaltest.junit.SignalTestIT.TestCases",
                                "everyMomentBeforeAndBelowTheLimit",
                                "DURING_CLEANUP-SIGINT"))
                        .satisfies(directory ->
                                assertThat(directory.resolve("cleanup.jsonl")).exists()));
    }

    static final Path PLAIN_APP_JAR = Path.of("target", "signaltest-fixtures", "plain-app.jar");

    /** A runnable jar of {@link PlainApp}, for the {@code jar} attribute. */
    private static void writePlainAppJar() throws IOException {
        Files.createDirectories(PLAIN_APP_JAR.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PlainApp.class.getName());
        String entry = PlainApp.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(PLAIN_APP_JAR);
                JarOutputStream jar = new JarOutputStream(file, manifest);
                var clazz = PlainApp.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            clazz.transferTo(jar);
            jar.closeEntry();
        }
    }

    /**
     * The signal hit the moment: the {@code moment} record comes before the receipt of the tested signal (the second
     * one for DURING_CLEANUP), and that signal is what released the hold.
     */
    static void assertSignalLandedAtTheMoment(SignalRun run) {
        int receipt = run.moment().equals("DURING_CLEANUP") ? 2 : 1;
        LogRecord moment = run.momentRecord().orElseThrow(() -> new AssertionError("no moment record in " + run.log()));
        List<LogRecord> received = run.log().records("signal_received");
        assertThat(received).hasSizeGreaterThanOrEqualTo(receipt);
        assertThat(moment.seq())
                .as("the moment record comes before the receipt of the signal")
                .isLessThan(received.get(receipt - 1).seq());
        assertThat(run.log().records("hold_released").get(receipt - 1).text("reason"))
                .contains("signal");
        assertThat(received.get(receipt - 1).text("signal"))
                .contains(run.signal().name());
    }

    /** The timings and files every run has. */
    static void assertTimingsAndFiles(SignalRun run) {
        assertThat(run.signalsSent()).isEqualTo(1);
        assertThat(run.signalToReceipt()).isPresent();
        assertThat(run.signalToExit()).isPositive();
        assertThat(run.startToMoment()).isPositive();
        assertThat(run.directory().resolve("cleanup.jsonl")).exists();
        if (run.moment().equals("DURING_CLEANUP")) {
            assertThat(run.momentRecord().orElseThrow().number("in_cleanup")).hasValue(1);
            assertThat(run.log().records("signal_received").get(1).text("action"))
                    .contains("ignored-during-cleanup");
        }
    }

    // tag::composed[]
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @SignalTest(
            main = RuntimeApp.class,
            args = {"--tasks", "3", "--max-concurrent", "2"},
            at = Moment.QUEUE_WAITING)
    @interface CtrlCWhileQueued {}
    // end::composed[]

    @Fixture
    static class TestCases {

        // tag::composed-use[]
        @CtrlCWhileQueued
        void composedScenario(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
        }
        // end::composed-use[]

        // tag::matrix[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "2", "--max-concurrent", "3"},
                at = {Moment.BEFORE_START, Moment.BELOW_LIMIT, Moment.DURING_CLEANUP},
                firstSignalAt = Moment.BELOW_LIMIT)
        void everyMomentBeforeAndBelowTheLimit(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
            assertThat(run.log().errors()).isEmpty();
            assertSignalLandedAtTheMoment(run);
            assertTimingsAndFiles(run);
        }
        // end::matrix[]

        // tag::moment-timeout[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "2", "--max-concurrent", "2"},
                at = Moment.ALL_SLOTS_FULL,
                momentTimeoutMillis = 120_000)
        void allSlotsFull(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
            assertThat(run.momentRecord().orElseThrow().number("occupied_slots"))
                    .hasValue(2);
            assertSignalLandedAtTheMoment(run);
        }
        // end::moment-timeout[]

        // tag::signals[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "3", "--max-concurrent", "2"},
                at = Moment.QUEUE_WAITING,
                signal = {Signal.INT, Signal.TERM, Signal.HUP})
        void queueWaiting(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(run.signal().exitCode()); // 130, 143, 129
            assertThat(run.log().taskIds("task_cancelled_before_start")).containsExactly(3);
            assertSignalLandedAtTheMoment(run);
        }
        // end::signals[]

        // tag::repeat[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "1", "--max-concurrent", "1"},
                at = Moment.ALL_SLOTS_FULL,
                repeat = 3)
        void repeatedSignals(SignalRun run) {
            assertThat(run.signalsSent()).isEqualTo(3);
            assertThat(run.log().records("signal_received"))
                    .extracting(r -> r.text("action").orElseThrow())
                    .containsExactly("cancel", "ignored-during-cleanup", "ignored-during-cleanup");
            // The cleanup takes no time, yet all three signals landed before its end was booked.
            assertThat(run.log().records())
                    .extracting(LogRecord::event)
                    .containsSubsequence("signal_received", "signal_received", "signal_received", "cleanup_finished");
            assertThat(run.exitCode()).isEqualTo(130);
        }
        // end::repeat[]

        // tag::group[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "1", "--max-concurrent", "1", "--helper"},
                at = Moment.ALL_SLOTS_FULL,
                delivery = Delivery.PROCESS_GROUP)
        void processGroup(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
            // The helper process shares the child's group, so SIGINT reached it too (128 + 2).
            assertThat(run.log().records("task_event")).anySatisfy(event -> {
                assertThat(event.text("name")).contains("helper_exit");
                assertThat(event.text("detail")).contains("130");
            });
        }
        // end::group[]

        // tag::log-event[]
        @SignalTest(
                main = RuntimeApp.class,
                args = {"--tasks", "2", "--max-concurrent", "2"},
                atLogEvent = "task_event",
                atLogFields = {"name=working", "task=2"})
        void customLogEvent(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
            assertThat(run.moment()).isEqualTo("log event task_event name=working task=2");
        }
        // end::log-event[]

        // tag::output[]
        @SignalTest(main = PlainApp.class, atOutput = "plain app: ready", jvmArgs = "-Xshare:auto")
        void programWithoutTheRuntime(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130); // the JVM's own SIGINT handling
            assertThat(run.stdout()).contains("plain app: ready");
            assertThat(run.log().isEmpty()).isTrue();
            assertThat(run.signalToReceipt()).isEmpty();
        }
        // end::output[]

        // tag::command[]
        @SignalTest(
                command = {"/bin/sh", "-c", "echo \"$GREETING\" >&2; exec sleep 600"},
                env = "GREETING=shell ready",
                atOutput = "^shell ready$")
        void commandThatIsNotJava(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130); // sleep, ended by SIGINT
            assertThat(run.stderr()).isEqualTo("shell ready\n");
        }
        // end::command[]

        // tag::output-lines[]
        @SignalTest(
                command = {"/bin/sh", "-c", "seq 1 200000; echo ready; exec sleep 600"},
                atOutput = "^ready$")
        void outputReadLineByLine(SignalRun run) {
            try (Stream<String> lines = run.stdoutLines()) { // 1.3 MB: read from stdout.txt as it is walked
                assertThat(lines.filter(line -> line.endsWith("000")).count()).isEqualTo(200);
            }
        }
        // end::output-lines[]

        // tag::jar[]
        @SignalTest(
                jar = "target/signaltest-fixtures/plain-app.jar",
                args = "--stderr",
                atOutput = "ready",
                workingDirectory = "target")
        void runnableJar(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
            assertThat(run.stderr()).contains("plain app: ready");
            assertThat(run.command()).contains("-jar");
        }
        // end::jar[]
    }
}
