package io.signaltest.agent.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * How often the standard matrix fails a correct program on plain executors under the agent: a false alarm. Runs the
 * matrix against each correct plain program, round after round, until {@code false-alarms.runs} scenario runs are done,
 * counts every failed scenario, writes the figures to {@code false-alarms.report}, and fails on the first false alarm
 * with its message. A benchmark-like proof, excluded from the default build; run it under CPU load:
 *
 * <pre>
 * under-load ./mvnw -B -ntp -pl extension/agent/integration-tests -am verify -Pfalse-alarms
 * </pre>
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "needs POSIX signals and kill(1)")
class FalseAlarmsIT {

    @Test
    void theMatrixPassesCorrectPlainProgramsEveryTime() throws IOException {
        int target = Integer.getInteger("false-alarms.runs", 2000);
        List<Class<?>> programs = new ArrayList<>(List.of(
                FixedPoolBatch.class,
                CompletableFutureBatch.class,
                MetricsPoolBatch.class,
                ScheduledBatch.class,
                SpringExecutorBatch.class));
        if (Runtime.version().feature() >= 21) {
            programs.add(VirtualThreadBatch.class);
        }
        Map<String, int[]> byProgram = new LinkedHashMap<>(); // {runs, failures}
        List<String> alarms = new ArrayList<>();
        long start = System.nanoTime();
        int runs = 0;
        int rounds = 0;
        while (runs < target) {
            rounds++;
            for (Class<?> program : programs) {
                EngineExecutionResults results = Matrix.withTheAgent(program);
                long scenarios = results.testEvents().finished().count();
                List<String> failures = Matrix.failureMessages(results);
                int[] counts = byProgram.computeIfAbsent(program.getSimpleName(), k -> new int[2]);
                counts[0] += (int) scenarios;
                counts[1] += failures.size();
                runs += (int) scenarios;
                for (String failure : failures) {
                    alarms.add(program.getSimpleName() + ", round " + rounds + ": " + failure);
                }
            }
            System.out.printf("false alarms: %d in %d scenario runs (round %d)%n", alarms.size(), runs, rounds);
        }
        long minutes = TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - start);
        StringBuilder report = new StringBuilder("| program | scenario runs | failed |\n|---|---|---|\n");
        byProgram.forEach((name, c) -> report.append("| ")
                .append(name)
                .append(" | ")
                .append(c[0])
                .append(" | ")
                .append(c[1])
                .append(" |\n"));
        report.append("\n")
                .append(alarms.size())
                .append(" false alarms in ")
                .append(runs)
                .append(" scenario runs, ")
                .append(rounds)
                .append(" rounds, ")
                .append(minutes)
                .append(" min, Java ")
                .append(Runtime.version())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores\n");
        alarms.forEach(a -> report.append("\n").append(a).append("\n"));
        String file = System.getProperty("false-alarms.report");
        if (file != null) {
            Files.writeString(Path.of(file), report);
        }
        System.out.println(report);
        assertThat(alarms).as("false alarms in %d scenario runs", runs).isEmpty();
    }

    /**
     * The other side: a program with a real shutdown bug that only shows after the signal (virtual threads that keep
     * waiting for a permit when interrupted, so queued tasks start after Ctrl+C) fails the matrix in every round, so
     * that the agent neither hides the bug nor finds it by luck. {@code false-alarms.bugRounds} rounds (Java 21+).
     */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void theMatrixFailsAProgramThatStartsTasksAfterItsCancellationEveryRound() {
        int rounds = Integer.getInteger("false-alarms.bugRounds", 20);
        List<Integer> missed = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<String> failures = Matrix.failureMessages(Matrix.withTheAgent(RetryingAcquireBatch.class));
            if (failures.stream().noneMatch(f -> f.contains("started after the signal"))) {
                missed.add(round);
            }
        }
        System.out.printf("RetryingAcquireBatch: caught in %d of %d rounds%n", rounds - missed.size(), rounds);
        assertThat(missed)
                .as("rounds in which the matrix did not catch the late starts")
                .isEmpty();
    }
}
