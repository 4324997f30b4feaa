package io.signaltest.agent.plain;

import static io.signaltest.agent.plain.ChildJvms.all;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent observes without changing what the program does: the same program, sent the same real SIGINT at the same
 * point of its own (it prints {@code ready}), starts the same tasks after the signal and exits with the same code with
 * the agent as without it, and the agent's log books every one of those late starts. The signal-to-exit times of both
 * runs are printed, not judged: a figure, not a test.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "needs POSIX signals and kill(1)")
@EnabledForJreRange(min = JRE.JAVA_21)
class AgentInterferenceIT {

    private static final int TASKS = 10;
    private static final int MAX_CONCURRENT = 2;

    @TempDir
    Path dir;

    /**
     * One pair of runs by default; {@code -Dinterference.rounds=N} repeats it, alternating, for the figures: the
     * signal-to-exit times of both ways are printed, with their medians.
     */
    @Test
    void tasksThatRetryTheirAcquireStartAfterTheSignalWithTheAgentAsWithout() throws Exception {
        int rounds = Integer.getInteger("interference.rounds", 1);
        List<Long> withoutMillis = new ArrayList<>();
        List<Long> withMillis = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Outcome without = run(false, round);
            Outcome with = run(true, round);
            assertSameProgram(without, with);
            withoutMillis.add(without.signalToExitMillis());
            withMillis.add(with.signalToExitMillis());
        }
        System.out.printf(
                "RetryingAcquireBatch, SIGINT to exit over %d rounds: without the agent %s ms (median %d), "
                        + "with it %s ms (median %d)%n",
                rounds, withoutMillis, median(withoutMillis), withMillis, median(withMillis));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Which tasks get the first permits is the virtual-thread scheduler's choice, in each run anew; what the program
     * does about the signal is not: every task that was waiting starts after the hook began, with the agent as without.
     */
    private static void assertSameProgram(Outcome without, Outcome with) {
        int waiting = TASKS - MAX_CONCURRENT;
        assertThat(without.lateStarts())
                .as("tasks started after the hook began, without the agent")
                .hasSize(waiting)
                .doesNotHaveDuplicates();
        assertThat(with.lateStarts())
                .as("tasks started after the hook began, with the agent")
                .hasSize(waiting)
                .doesNotHaveDuplicates();
        assertThat(with.starts())
                .as("every task started once, with the agent")
                .containsExactlyInAnyOrderElementsOf(without.starts());
        assertThat(with.exitCode()).as("exit code with the agent").isEqualTo(without.exitCode());
        List<JsonNode> log = with.log();
        long cancelled = all(log, "run_cancelling").get(0).get("seq").asLong();
        assertThat(all(log, "task_started").stream().filter(r -> r.get("seq").asLong() > cancelled))
                .as("the agent's log books each late start, after the program's cancellation")
                .hasSameSizeAs(without.lateStarts());
        assertThat(all(log, "task_cancelled_before_start"))
                .as("no task is booked as cancelled before start: each one started")
                .isEmpty();
    }

    private Outcome run(boolean agent, int round) throws Exception {
        Path runDir = dir.resolve((agent ? "with-" : "without-") + round);
        try (AgentChild child = AgentChild.start(
                runDir,
                agent,
                agent ? "" : null,
                RetryingAcquireBatch.class,
                "--tasks",
                Integer.toString(TASKS),
                "--max-concurrent",
                Integer.toString(MAX_CONCURRENT),
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "20",
                "--work-dir",
                runDir.resolve("work").toString())) {
            child.awaitOutput("ready");
            long sent = System.nanoTime();
            child.kill("INT");
            int code = child.awaitExit();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            List<String> lines = child.stdout().lines().toList();
            List<String> starts =
                    lines.stream().filter(l -> l.startsWith("started ")).toList();
            List<String> late = lines.subList(lines.indexOf("shutting down"), lines.size()).stream()
                    .filter(l -> l.startsWith("started "))
                    .toList();
            return new Outcome(code, starts, late, agent ? child.records() : List.of(), millis);
        }
    }

    private record Outcome(
            int exitCode, List<String> starts, List<String> lateStarts, List<JsonNode> log, long signalToExitMillis) {}
}
