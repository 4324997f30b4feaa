package io.signaltest.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A missing tool skips the test outside CI, with the reason printed, and fails it under CI; a tool that is there
 * changes nothing. The tool is made missing by pointing its property at no file.
 */
class RequiresToolTest {

    private static final String PROPERTY = "signaltest.python3";

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void captureStdout() {
        stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.clearProperty(PROPERTY);
    }

    @Test
    void aMissingToolSkipsTheClassOutsideCiAndSaysWhyOnce() {
        System.setProperty(PROPERTY, "/no/such/python3");

        Events events = run(NeedsPython.class, "false");

        events.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                container(NeedsPython.class),
                                skippedWithReason(contains(
                                        "it needs python3, and none was found (looked for /no/such/python3"))));
        assertThat(events.filter(e -> e.getTestDescriptor().isTest()).count())
                .as("test events")
                .isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .filteredOn(line -> line.startsWith("signaltest-build: skipped"))
                .singleElement()
                .asString()
                .contains(
                        "NeedsPython",
                        "install it (apt-get install python3)",
                        "-Dsignaltest.python3=",
                        "under CI=true it is required");
    }

    @Test
    void aMissingToolFailsUnderCi() {
        System.setProperty(PROPERTY, "/no/such/python3");

        Events events = run(NeedsPython.class, "true");

        events.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                container(NeedsPython.class),
                                finishedWithFailure(message(contains("This test needs python3, and none was found")))));
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("skipped");
    }

    @Test
    void aMissingToolOfOneMethodSkipsThatMethodOnly() {
        System.setProperty(PROPERTY, "/no/such/python3");

        Events events = run(OneMethodNeedsPython.class, "false");

        events.assertThatEvents()
                .haveExactly(1, event(test("needsPython"), skippedWithReason(contains("it needs python3"))))
                .haveExactly(
                        1,
                        event(
                                test("needsNothing"),
                                org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully()));
    }

    @Test
    void aToolThatIsThereChangesNothing() {
        System.setProperty(PROPERTY, javaExecutable());

        Events events = run(NeedsPython.class, "true");

        assertThat(events.succeeded()
                        .filter(e -> e.getTestDescriptor().isTest())
                        .count())
                .isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static Events run(Class<?> fixture, String ci) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter(RequiresTool.CI_PROPERTY, ci)
                .execute()
                .allEvents();
    }

    private static Predicate<String> contains(String text) {
        return message -> message.contains(text);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @RequiresTool(Tool.PYTHON3)
    static class NeedsPython {
        @Test
        void runs() {}
    }

    static class OneMethodNeedsPython {
        @Test
        @RequiresTool(Tool.PYTHON3)
        void needsPython() {}

        @Test
        void needsNothing() {}
    }
}
