package io.signaltest.junit.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A user's test JVM on JDK 24 or newer prints "restricted method" warnings when a library loads native code without
 * leave: the harness must not make it. Run in a child JVM of this build's JDK, with and without
 * {@code --enable-native-access=ALL-UNNAMED}; on JDK 17 to 23 JNA is used either way.
 */
class NativeAccessIT {

    @Test
    void withoutLeaveTheHarnessLoadsNoNativeCodeAndPrintsNoWarning() throws Exception {
        Probe probe = probe(List.of());

        assertThat(probe.stderr()).doesNotContain("restricted method", "WARNING");
        assertThat(probe.stdout()).contains("jna=" + (Runtime.version().feature() < 24), "delivered=true");
    }

    @Test
    void withLeaveSignalsGoOutThroughJna() throws Exception {
        Probe probe = probe(List.of("--enable-native-access=ALL-UNNAMED"));

        assertThat(probe.stderr()).doesNotContain("restricted method", "WARNING");
        assertThat(probe.stdout()).contains("jna=true", "delivered=true");
    }

    private record Probe(String stdout, String stderr) {}

    private static Probe probe(List<String> jvmOptions) throws Exception {
        Process target = SignalsIT.sleeper();
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    NativeKillProbe.class.getName(),
                    Long.toString(target.pid())));
            Process probe = new ProcessBuilder(command).start();
            assertThat(probe.waitFor(120, TimeUnit.SECONDS))
                    .as("the probe ends")
                    .isTrue();
            assertThat(target.waitFor(120, TimeUnit.SECONDS))
                    .as("the SIGINT ends the sleep")
                    .isTrue();
            return new Probe(
                    new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            target.destroyForcibly();
        }
    }
}
