package io.signaltest.junit.internal.run;

import io.signaltest.junit.SignalTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The signaltest agent's jar for {@code @SignalTest(agent = true)}, found in this order: the configuration parameter
 * {@value SignalTest#AGENT_JAR_PROPERTY}; the agent jar carried inside a runnable jar as the resource {@value #BUNDLED}
 * (the console runner's), which is written once into the output directory; the jar on the test classpath that holds the
 * agent's entry point (signaltest-junit depends on signaltest-agent). Each must be a real agent jar: one whose manifest
 * names the {@code Premain-Class}.
 */
public final class AgentJar {

    /**
     * The agent's {@code Premain-Class}, as a resource; named here so that this module needs no compile dependency on
     * it.
     */
    static final String ENTRY_POINT = "io/signaltest/agent/SignalTestAgent.class";
    /** Where a runnable jar that carries the agent jar keeps it. */
    public static final String BUNDLED = "META-INF/signaltest/signaltest-agent.jar";
    /** The directory under the output directory that holds the bundled agent jar once written out. */
    static final String DIRECTORY = "agent";

    private static final Map<Path, Path> WRITTEN = new ConcurrentHashMap<>();

    /** The agent jar on disk, or null when it is the bundled resource, written out at the first launch. */
    private final Path jar;

    private final String options;

    private AgentJar(Path jar, String options) {
        this.jar = jar;
        this.options = options;
    }

    /**
     * The agent for {@code program}, or empty when neither the annotation ({@code wanted}) nor the configuration asks
     * for it.
     *
     * @throws ExtensionConfigurationException when it is asked for but cannot be had, saying what to do
     */
    static Optional<AgentJar> of(Program program, boolean wanted, Function<String, Optional<String>> configuration) {
        boolean configured = configuration
                .apply(SignalTest.PROGRAM_AGENT_PROPERTY)
                .map(String::trim)
                .map(Boolean::parseBoolean)
                .orElse(false);
        if (!wanted && !configured) {
            return Optional.empty();
        }
        if (!program.isJvm()) {
            throw new ExtensionConfigurationException("@SignalTest `agent` works with `main` or `jar`, but the program "
                    + "is a `command`: put -javaagent:<signaltest-agent jar> into the command, after "
                    + "{java}, or name the "
                    + "program with `main` or `jar`.");
        }
        return Optional.of(new AgentJar(locate(configuration), options(configuration)));
    }

    /** The JVM option that loads the agent, with the bundled jar written under {@code outputBase} if it is that one. */
    public String javaagentOption(Path outputBase) {
        Path path = jar != null
                ? jar
                : WRITTEN.computeIfAbsent(outputBase.toAbsolutePath().normalize(), AgentJar::writeBundled);
        return "-javaagent:" + path + options;
    }

    private static String options(Function<String, Optional<String>> configuration) {
        Optional<String> follow = configuration
                .apply(SignalTest.AGENT_FOLLOW_PROPERTY)
                .map(String::trim)
                .filter(v -> !v.isEmpty());
        if (follow.isEmpty()) {
            return "";
        }
        if (follow.get().contains(",") || follow.get().contains("=")) {
            throw new ExtensionConfigurationException("The configuration parameter "
                    + SignalTest.AGENT_FOLLOW_PROPERTY + " is \"" + follow.get() + "\", but it names one pool: "
                    + "a class name or a worker thread-name prefix, without ',' or '='.");
        }
        return "=follow=" + follow.get();
    }

    /** The agent jar on disk, or null for the bundled one. */
    private static Path locate(Function<String, Optional<String>> configuration) {
        Optional<String> configured =
                configuration.apply(SignalTest.AGENT_JAR_PROPERTY).filter(v -> !v.isBlank());
        if (configured.isPresent()) {
            Path jar = Path.of(configured.get().trim()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new ExtensionConfigurationException("The configuration parameter " + SignalTest.AGENT_JAR_PROPERTY
                        + " names " + jar + ", which is not a file: give the path of signaltest-agent-<version>.jar.");
            }
            requireAgent(
                    jar,
                    "The jar that the configuration parameter " + SignalTest.AGENT_JAR_PROPERTY + " names, " + jar
                            + ",");
            return jar;
        }
        ClassLoader loader = loader();
        if (loader.getResource(BUNDLED) != null) {
            return null;
        }
        URL entry = loader.getResource(ENTRY_POINT);
        if (entry == null) {
            throw new ExtensionConfigurationException("@SignalTest `agent` needs the signaltest agent's jar, but "
                    + ENTRY_POINT + " is not on the test classpath: add the dependency io.signaltest:signaltest-agent "
                    + "(test scope), or set the configuration parameter " + SignalTest.AGENT_JAR_PROPERTY + ".");
        }
        String url = entry.toString();
        if (!url.startsWith("jar:file:")) {
            throw new ExtensionConfigurationException(
                    "@SignalTest `agent` needs the signaltest agent as a jar, but the "
                            + "test classpath has it as " + url
                            + " (a directory of classes, as an IDE or `mvn test` in the same "
                            + "build gives it): run the tests after the package phase (Failsafe, `mvn "
                            + "verify`), or set the "
                            + "configuration parameter " + SignalTest.AGENT_JAR_PROPERTY + " to the built jar.");
        }
        Path jar;
        try {
            jar = Path.of(new URL(url.substring("jar:".length(), url.indexOf("!/"))).toURI());
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new ExtensionConfigurationException(
                    "@SignalTest `agent` cannot read the agent's location " + url + ": set the configuration parameter "
                            + SignalTest.AGENT_JAR_PROPERTY + " to the jar.",
                    e);
        }
        requireAgent(jar, "The jar that holds the signaltest agent's classes on the test classpath, " + jar + ",");
        return jar;
    }

    /**
     * A jar that holds the agent's classes but is no agent (a jar that flattened them into its own) fails here, not in
     * the child.
     */
    private static void requireAgent(Path jar, String subject) {
        String premain;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            premain = manifest == null ? null : manifest.getMainAttributes().getValue("Premain-Class");
        } catch (IOException e) {
            throw new ExtensionConfigurationException(
                    subject + " cannot be read as a jar (" + e.getMessage()
                            + "): give the path of signaltest-agent-<version>.jar in " + SignalTest.AGENT_JAR_PROPERTY
                            + ".",
                    e);
        }
        if (premain == null) {
            throw new ExtensionConfigurationException(subject + " is not a Java agent: its manifest has no "
                    + "Premain-Class. Set the configuration parameter " + SignalTest.AGENT_JAR_PROPERTY
                    + " to signaltest-agent-<version>.jar itself.");
        }
    }

    /**
     * Writes the bundled agent jar to {@code outputBase/agent/}, named by its digest, so that concurrent scenarios and
     * later runs share one file and a different agent never replaces it.
     */
    private static Path writeBundled(Path outputBase) {
        byte[] bytes;
        try (InputStream in = loader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " vanished from the classpath");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the signaltest agent carried in this jar: " + e.getMessage(), e);
        }
        Path directory = outputBase.resolve(DIRECTORY);
        Path target = directory.resolve("signaltest-agent-" + digest(bytes) + ".jar");
        try {
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, "signaltest-agent-", ".partial");
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the signaltest agent's jar to " + target + ": " + e.getMessage()
                            + "; choose a writable output directory",
                    e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ClassLoader loader() {
        return Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(AgentJar.class.getClassLoader());
    }
}
