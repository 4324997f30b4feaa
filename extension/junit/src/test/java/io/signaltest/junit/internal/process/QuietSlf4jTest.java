package io.signaltest.junit.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the harness silences SLF4J's no-binding warnings, and when it leaves a user's logging alone. */
class QuietSlf4jTest {

    private static final String SLF4J_2_API = "org/slf4j/helpers/NOP_FallbackServiceProvider.class";
    private static final String SLF4J_2_PROVIDER = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    private static final String SLF4J_1_BINDING = "org/slf4j/impl/StaticLoggerBinder.class";

    @TempDir
    Path classPath;

    @Test
    void withSlf4j2AndNoBindingTheFallbackIsChosenQuietly() throws IOException {
        assertThat(quiet(new Properties(), SLF4J_2_API))
                .containsExactly(
                        Map.entry("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider"),
                        Map.entry("slf4j.internal.verbosity", "WARN"));
    }

    @Test
    void aBindingOfTheUsersOwnIsLeftAlone() throws IOException {
        assertThat(quiet(new Properties(), SLF4J_2_API, SLF4J_2_PROVIDER)).isEmpty();
    }

    @Test
    void anSlf4j1BindingIsLeftAlone() throws IOException {
        assertThat(quiet(new Properties(), SLF4J_2_API, SLF4J_1_BINDING)).isEmpty();
    }

    @Test
    void aProviderChosenAlreadyIsLeftAlone() throws IOException {
        Properties chosen = new Properties();
        chosen.setProperty("slf4j.provider", "com.example.TheirProvider");
        assertThat(quiet(chosen, SLF4J_2_API)).isEmpty();
    }

    @Test
    void aVerbosityChosenAlreadyIsKept() throws IOException {
        Properties chosen = new Properties();
        chosen.setProperty("slf4j.internal.verbosity", "DEBUG");
        assertThat(quiet(chosen, SLF4J_2_API)).containsOnlyKeys("slf4j.provider");
    }

    @Test
    void slf4j1CannotBeSilencedAndIsLeftAlone() throws IOException {
        assertThat(quiet(new Properties(), "org/slf4j/LoggerFactory.class")).isEmpty();
    }

    private Map<String, String> quiet(Properties current, String... resources) throws IOException {
        for (String resource : resources) {
            Path file = classPath.resolve(resource);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "");
        }
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null)) {
            return QuietSlf4j.properties(loader, current);
        }
    }
}
