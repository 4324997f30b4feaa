package io.signaltest.junit.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way {@link Signals} can send a signal, against real processes. */
class SignalsIT {

    private static final long DEADLINE_SECONDS = 60;

    static Stream<Arguments> ways() {
        BiFunction<String, String, Signals.KillResult> kill2 = (signal, target) -> {
            assertThat(NativeKill.available()).as("JNA's kill(2) loaded").isTrue();
            return NativeKill.send(signal, target)
                    .orElseThrow(() -> new AssertionError("JNA's kill(2) is not available"));
        };
        BiFunction<String, String, Signals.KillResult> shell = (signal, target) ->
                Signals.viaShell(signal, target).orElseThrow(() -> new AssertionError("there is no /bin/sh"));
        BiFunction<String, String, Signals.KillResult> process = Signals::viaProcess;
        return Stream.of(
                Arguments.of("kill(2) through JNA", kill2),
                Arguments.of("the shell's kill", shell),
                Arguments.of("a kill process", process));
    }

    @Test
    void kill2IsAvailableOnThisMachine() {
        assertThat(NativeKill.available())
                .as("JNA loads here, so signals leave without a process in between")
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ways")
    void deliversSigintToARealProcess(String way, BiFunction<String, String, Signals.KillResult> send)
            throws IOException, InterruptedException {
        Process sleeper = sleeper();
        try {
            Signals.KillResult result = send.apply("INT", Long.toString(sleeper.pid()));

            assertThat(result.delivered()).as(result.detail()).isTrue();
            assertThat(sleeper.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS))
                    .as("the process ended")
                    .isTrue();
            assertThat(sleeper.exitValue())
                    .as("exit status of a process ended by SIGINT")
                    .isEqualTo(128 + 2);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ways")
    void saysSoWhenTheProcessIsGone(String way, BiFunction<String, String, Signals.KillResult> send)
            throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("/bin/sh", "-c", "exit 0").start();
        assertThat(gone.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();

        Signals.KillResult result = send.apply("INT", Long.toString(gone.pid()));

        assertThat(result.delivered()).as(result.detail()).isFalse();
        assertThat(result.detail()).contains(Long.toString(gone.pid()));
    }

    /**
     * {@code sleep 600} with SIGINT at its default action, whatever this JVM inherited, returned once it says so: a
     * signal sent earlier could reach it before {@code env} resets SIGINT, and be lost when this JVM was started with
     * SIGINT ignored (as CI shells do).
     */
    static Process sleeper() throws IOException, InterruptedException {
        List<String> prefix = Platform.defaultSignalsPrefix();
        assumeFalse(prefix.isEmpty(), "this machine's env cannot reset signal dispositions");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(
                List.of("/bin/sh", "-c", "echo ready; exec " + Platform.sleep().orElseThrow() + " 600"));
        Process sleeper = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output =
                new BufferedReader(new InputStreamReader(sleeper.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            assertThat(firstLine.get(DEADLINE_SECONDS, TimeUnit.SECONDS))
                    .as("the sleeper's first line")
                    .isEqualTo("ready");
        } catch (ExecutionException | TimeoutException e) {
            sleeper.destroyForcibly();
            throw new AssertionError("the sleeper did not say it was ready: " + e, e);
        }
        return sleeper;
    }
}
