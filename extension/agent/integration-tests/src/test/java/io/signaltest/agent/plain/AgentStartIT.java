package io.signaltest.agent.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.Moment;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What {@code @SignalTest} says when the agent cannot do its job in the child: a JVM that cannot load it fails at once
 * with the reason, not after the moment deadline, and a child that inherited SIGINT as ignored is named as such from
 * the agent's log, as from the runtime's.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "needs POSIX signals and kill(1)")
class AgentStartIT {

    @Test
    void aJvmThatCannotOpenTheAgentJarFailsAtOnceSayingWhichJar() {
        List<String> failures = run(Map.of(
                SignalTest.PROGRAM_COMMAND_PROPERTY,
                json(
                        "{java}",
                        "-javaagent:{runDir}/missing/signaltest-agent.jar",
                        "-cp",
                        "{classpath}",
                        FixedPoolBatch.class.getName())));

        assertThat(failures)
                .singleElement()
                .asString()
                .contains(
                        "The program could not start: the JVM could not open the -javaagent jar ",
                        "missing/signaltest-agent.jar (exit code 1)",
                        "signaltest.agent.jar")
                .doesNotContain("moment deadline");
    }

    /** Said before any child starts: the jar is read when the test is set up. */
    @Test
    void aJarThatIsNotAnAgentFailsAtOnceSayingSo() throws URISyntaxException {
        Path notAnAgent = Path.of(Assertions.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(QueueWaitingTestCase.class))
                .configurationParameters(Map.of(
                        SignalTest.PROGRAM_MAIN_PROPERTY,
                        FixedPoolBatch.class.getName(),
                        SignalTest.PROGRAM_AGENT_PROPERTY,
                        "true",
                        SignalTest.AGENT_JAR_PROPERTY,
                        notAnAgent.toString()))
                .execute();

        assertThat(results.testEvents().started().count()).as("tests started").isZero();
        assertThat(results.containerEvents().failed().stream()
                        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                                .orElseThrow()
                                .getThrowable()
                                .orElseThrow()
                                .getMessage()))
                .singleElement()
                .asString()
                .contains("The jar that the configuration parameter signaltest.agent.jar names, " + notAnAgent
                        + ", is not a Java agent: its manifest has no Premain-Class");
    }

    /** The agent's premain throws, so the JVM stops before main: the reason, not a wait for the moment. */
    @Test
    void anAgentThatCannotInstallItselfFailsAtOnceSayingWhy() {
        List<String> failures = run(Map.of(
                SignalTest.PROGRAM_COMMAND_PROPERTY,
                json(
                        "{java}",
                        "-javaagent:" + AgentChild.agentJar() + "=fllow",
                        "-cp",
                        "{classpath}",
                        FixedPoolBatch.class.getName())));

        assertThat(failures)
                .singleElement()
                .asString()
                .contains(
                        "The program could not start: the signaltest agent's option 'fllow' is not name=value",
                        "-javaagent:signaltest-agent.jar=follow=pool-1")
                .doesNotContain("moment deadline");
    }

    @Test
    void sigintInheritedAsIgnoredIsNamedUnderTheAgent() {
        List<String> failures = run(Map.of(
                SignalTest.PROGRAM_COMMAND_PROPERTY,
                json(
                        "/bin/sh",
                        "-c",
                        "trap '' INT; exec \"$0\" \"$@\"",
                        "{java}",
                        "-javaagent:" + AgentChild.agentJar(),
                        "-cp",
                        "{classpath}",
                        FixedPoolBatch.class.getName())));

        assertThat(failures)
                .singleElement()
                .asString()
                .contains("The child has SIGINT ignored (inherited as ignored)", "signals.INT = inherited-ignored");
    }

    private static List<String> run(Map<String, String> configuration) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(QueueWaitingTestCase.class))
                .configurationParameters(configuration)
                .execute();
        assertThat(results.testEvents().started().count()).as("the test ran").isEqualTo(1);
        return Matrix.failureMessages(results);
    }

    /** A JSON array of strings, as the configuration parameter of a command takes it. */
    private static String json(String... elements) {
        StringBuilder json = new StringBuilder("[");
        for (String element : elements) {
            json.append(json.length() > 1 ? ", " : "")
                    .append('"')
                    .append(element.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return json.append(']').toString();
    }

    static class QueueWaitingTestCase {
        @SignalTest(
                at = Moment.QUEUE_WAITING,
                args = {
                    "--tasks",
                    "4",
                    "--max-concurrent",
                    "2",
                    "--task-millis",
                    "600000",
                    "--cleanup-millis",
                    "20",
                    "--work-dir",
                    "{runDir}/work"
                })
        void held(SignalRun run) {
            // passes only if the program runs with the agent and SIGINT ends it
        }
    }
}
