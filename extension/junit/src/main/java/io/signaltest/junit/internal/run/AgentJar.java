package io.signaltest.junit.internal.run;

import io.signaltest.junit.SignalTest;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Finds the signaltest agent's jar for {@code @SignalTest(agent = true)}: the configuration
 * parameter {@value SignalTest#AGENT_JAR_PROPERTY}, or else the jar on the test classpath that
 * holds the agent's entry point (signaltest-junit depends on signaltest-agent).
 */
final class AgentJar {

    /** The agent's {@code Premain-Class}, as a resource; named here so that this module needs no compile dependency on it. */
    static final String ENTRY_POINT = "io/signaltest/agent/SignalTestAgent.class";

    private AgentJar() {
    }

    /** {@code jvmArgs} with the agent's {@code -javaagent} option first. */
    static List<String> withAgent(Program program, List<String> jvmArgs,
                                  Function<String, Optional<String>> configuration) {
        if (program instanceof Program.Command) {
            throw new ExtensionConfigurationException("@SignalTest `agent` works with `main` or `jar`, but the program "
                    + "is a `command`: put -javaagent:<signaltest-agent jar> into the command, after {java}, or name the "
                    + "program with `main` or `jar`.");
        }
        Path jar = locate(configuration);
        String options = "";
        Optional<String> follow = configuration.apply(SignalTest.AGENT_FOLLOW_PROPERTY).map(String::trim)
                .filter(v -> !v.isEmpty());
        if (follow.isPresent()) {
            if (follow.get().contains(",") || follow.get().contains("=")) {
                throw new ExtensionConfigurationException("The configuration parameter "
                        + SignalTest.AGENT_FOLLOW_PROPERTY + " is \"" + follow.get() + "\", but it names one pool: "
                        + "a class name or a worker thread-name prefix, without ',' or '='.");
            }
            options = "=follow=" + follow.get();
        }
        List<String> args = new ArrayList<>();
        args.add("-javaagent:" + jar + options);
        args.addAll(jvmArgs);
        return args;
    }

    static Path locate(Function<String, Optional<String>> configuration) {
        Optional<String> configured = configuration.apply(SignalTest.AGENT_JAR_PROPERTY).filter(v -> !v.isBlank());
        if (configured.isPresent()) {
            Path jar = Path.of(configured.get().trim()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new ExtensionConfigurationException("The configuration parameter " + SignalTest.AGENT_JAR_PROPERTY
                        + " names " + jar + ", which is not a file: give the path of signaltest-agent-<version>.jar.");
            }
            return jar;
        }
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(AgentJar.class.getClassLoader());
        URL entry = loader.getResource(ENTRY_POINT);
        if (entry == null) {
            throw new ExtensionConfigurationException("@SignalTest `agent` needs the signaltest agent's jar, but "
                    + ENTRY_POINT + " is not on the test classpath: add the dependency io.signaltest:signaltest-agent "
                    + "(test scope), or set the configuration parameter " + SignalTest.AGENT_JAR_PROPERTY + ".");
        }
        String url = entry.toString();
        if (!url.startsWith("jar:file:")) {
            throw new ExtensionConfigurationException("@SignalTest `agent` needs the signaltest agent as a jar, but the "
                    + "test classpath has it as " + url + " (a directory of classes, as an IDE or `mvn test` in the same "
                    + "build gives it): run the tests after the package phase (Failsafe, `mvn verify`), or set the "
                    + "configuration parameter " + SignalTest.AGENT_JAR_PROPERTY + " to the built jar.");
        }
        try {
            return Path.of(new URL(url.substring("jar:".length(), url.indexOf("!/"))).toURI());
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new ExtensionConfigurationException("@SignalTest `agent` cannot read the agent's location " + url
                    + ": set the configuration parameter " + SignalTest.AGENT_JAR_PROPERTY + " to the jar.", e);
        }
    }
}
