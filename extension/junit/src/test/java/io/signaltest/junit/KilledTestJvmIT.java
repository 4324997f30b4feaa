package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.HarnessHost;
import io.signaltest.junit.internal.Platform;
import io.signaltest.junit.internal.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When the test JVM itself is killed (SIGKILL: no shutdown hook runs), its child notices the
 * end of its standard input and exits. A small JVM stands in for the test JVM: it starts a
 * child through the harness's launcher, and this test kills it.
 */
class KilledTestJvmIT {

    @Test
    void childExitsWhenTheJvmThatStartedItIsKilled() throws Exception {
        Path directory = Path.of("target", "signaltest-host", "killed-test-jvm").toAbsolutePath();
        Files.createDirectories(directory);
        // The stand-in starts with SIGINT ignored, as a CI shell may start a test JVM.
        List<String> command = List.of("/bin/sh", "-c", "trap '' INT; exec \"$@\"", "sh",
                Platform.javaExecutable().toString(), "-cp", System.getProperty("java.class.path"),
                HarnessHost.class.getName(), directory.toString());
        Process host = new ProcessBuilder(command).redirectError(directory.resolve("host-stderr.txt").toFile()).start();
        try {
            Map<String, String> said = readUntil(host, "child-INT", 60);
            long child = Long.parseLong(said.get("child-pid"));
            assertThat(Signals.ignores(host.pid(), Signal.INT)).as("the stand-in test JVM ignores SIGINT").contains(true);
            assertThat(said.get("child-INT")).as("the child's SIGINT, reset to default by the launcher").isEqualTo("handled");
            assertThat(Files.readString(directory.resolve("host-stderr.txt")))
                    .as("the stand-in test JVM (no SLF4J binding) after starting a child through zt-exec")
                    .doesNotContain("SLF4J");

            host.destroyForcibly(); // SIGKILL
            assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();

            ProcessHandle.of(child).ifPresent(process -> assertThat(process.onExit())
                    .as("the child of the killed JVM exits").succeedsWithin(java.time.Duration.ofSeconds(60)));
            assertThat(CleanupLog.read(directory.resolve("cleanup.jsonl")).first("harness_gone")).isPresent();
        } finally {
            host.destroyForcibly();
        }
    }

    /** Reads {@code key=value} lines from the host until {@code last} arrives, with a deadline that only fails. */
    private static Map<String, String> readUntil(Process host, String last, long seconds) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the host was killed
            }
        }, "host-stdout");
        reader.setDaemon(true);
        reader.start();
        Map<String, String> said = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!said.containsKey(last)) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the stand-in test JVM did not report its child within " + seconds + " s");
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                said.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return said;
    }
}
