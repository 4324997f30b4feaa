package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.HarnessHost;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.process.ProcessGroup;
import io.signaltest.junit.internal.process.Signals;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When the test JVM itself is killed (SIGKILL: no shutdown hook runs), nothing it started lives on: not a runtime child
 * held at a moment, not one whose JVM is still starting (and so cannot yet notice anything), not a command that knows
 * nothing of signaltest, nor its own children. A small JVM stands in for the test JVM: it starts a child through the
 * harness's launcher, and this test kills it.
 */
class KilledTestJvmIT {

    @ParameterizedTest(name = "child {0}")
    @ValueSource(strings = {"held", "starting", "command"})
    void nothingOutlivesAKilledTestJvm(String window) throws Exception {
        Path directory = Path.of("target", "signaltest-host", "killed-test-jvm-" + window)
                .toAbsolutePath();
        Files.createDirectories(directory);
        // The stand-in starts with SIGINT ignored, as a CI shell may start a test JVM.
        List<String> command = List.of(
                "/bin/sh",
                "-c",
                "trap '' INT; exec \"$@\"",
                "sh",
                Platform.javaExecutable().toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HarnessHost.class.getName(),
                directory.toString(),
                window);
        Process host = new ProcessBuilder(command)
                .redirectError(directory.resolve("host-stderr.txt").toFile())
                .start();
        long child = -1;
        try {
            child = Long.parseLong(readUntil(host, "child-pid", 60).get("child-pid"));
            assertThat(Signals.ignores(host.pid(), Signal.INT))
                    .as("the stand-in test JVM ignores SIGINT")
                    .contains(true);
            // In the "starting" window the launch chain may not have reached setsid yet: wait for the group.
            assertThat(awaitGroup(child, 60))
                    .as("the child leads its own process group")
                    .isNotEmpty();
            assertThat(Files.readString(directory.resolve("host-stderr.txt")))
                    .as("the stand-in test JVM (no SLF4J binding) after starting a child through zt-exec")
                    .doesNotContain("SLF4J");

            host.destroyForcibly(); // SIGKILL
            assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(awaitEmpty(child, 60))
                    .as("what is left of the child's process group after its test JVM died")
                    .isEmpty();
        } finally {
            host.destroyForcibly();
            if (child > 0) { // when the guarantee is broken, this test must not leave the orphan it found
                Signals.send("KILL", child, true);
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** The members of process group {@code pgid} once it has some: it forms when the launch chain reaches setsid. */
    private static List<ProcessGroup.Member> awaitGroup(long pgid, long seconds) {
        return awaitMembers(pgid, members -> !members.isEmpty(), seconds);
    }

    /** What is left of process group {@code pgid} once it is empty, or at the deadline. */
    private static List<ProcessGroup.Member> awaitEmpty(long pgid, long seconds) {
        return awaitMembers(pgid, List::isEmpty, seconds);
    }

    /** Polls the group's members in /proc until {@code done}, with a deadline that only fails. */
    private static List<ProcessGroup.Member> awaitMembers(
            long pgid, Predicate<List<ProcessGroup.Member>> done, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<ProcessGroup.Member> members = ProcessGroup.members(pgid);
        while (!done.test(members) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // a poll of /proc, not pacing the test
            members = ProcessGroup.members(pgid);
        }
        return members;
    }

    /** Reads {@code key=value} lines from the host until {@code last} arrives, with a deadline that only fails. */
    private static Map<String, String> readUntil(Process host, String last, long seconds) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (IOException ended) {
                        // the host was killed
                    }
                },
                "host-stdout");
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
