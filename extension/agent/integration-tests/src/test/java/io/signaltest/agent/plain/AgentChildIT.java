package io.signaltest.agent.plain;

import static io.signaltest.agent.plain.ChildJvms.all;
import static io.signaltest.agent.plain.ChildJvms.event;
import static io.signaltest.agent.plain.ChildJvms.one;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain programs under the agent, driven step by step as the harness drives them: real child JVMs, the harness's
 * environment, real signals from {@code kill}, and the log read record by record.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "needs POSIX signals and kill(1)")
class AgentChildIT {

    /** The records that book a running task's end, or a part of it: none may come while a moment is held. */
    private static final Set<String> RUNNING_TASK_ENDS =
            Set.of("cleanup_finished", "task_completed", "task_failed", "task_cancelled");

    @TempDir
    Path dir;

    /**
     * The harness's contract for {@code repeat = 3}: it arms the first moment and DURING_CLEANUP once per further
     * signal, and sends each signal only after the moment it is for. With one running task, the first DURING_CLEANUP is
     * where the cancellation reaches it, the second just before its end is booked; every signal is logged before the
     * task end that follows its hold.
     */
    @Test
    void eachRepeatedSignalIsHeldForAtItsOwnDuringCleanupMoment() throws Exception {
        // the pool's shutdownNow() returns its queued tasks: their ends are held too
        Set<String> heldBack = new java.util.HashSet<>(RUNNING_TASK_ENDS);
        heldBack.add("task_cancelled_before_start");
        assertEachRepeatedSignalHeld(FixedPoolBatch.class, heldBack);
    }

    /** The same with virtual threads limited by a semaphore, whose permit's release is a task's end. */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void eachRepeatedSignalIsHeldForAtItsOwnDuringCleanupMomentOnVirtualThreads() throws Exception {
        assertEachRepeatedSignalHeld(VirtualThreadBatch.class, RUNNING_TASK_ENDS);
    }

    private void assertEachRepeatedSignalHeld(Class<?> program, Set<String> heldBack) throws Exception {
        try (AgentChild child = AgentChild.start(
                dir,
                true,
                "QUEUE_WAITING,DURING_CLEANUP,DURING_CLEANUP",
                program,
                "--tasks",
                "3",
                "--max-concurrent",
                "1",
                "--task-millis",
                "600000",
                "--cleanup-millis",
                "20",
                "--work-dir",
                dir.resolve("work").toString())) {
            List<String> expected = List.of("QUEUE_WAITING", "DURING_CLEANUP", "DURING_CLEANUP");
            for (int i = 1; i <= expected.size(); i++) {
                JsonNode moment = child.awaitRecord(r -> event(r, "moment"), i);
                assertThat(moment.get("moment").asText())
                        .as("moment %d%s", i, child.report())
                        .isEqualTo(expected.get(i - 1));
                assertThat(moment.get("held").asBoolean())
                        .as("moment %d is held", i)
                        .isTrue();
                child.kill("INT");
                child.awaitRecord(r -> event(r, "signal_received"), i);
            }
            assertThat(child.awaitExit()).as("exit code%s", child.report()).isEqualTo(130);

            List<JsonNode> log = child.records();
            assertThat(one(log, "run_started").get("holds"))
                    .as("run_started.holds")
                    .extracting(JsonNode::asText)
                    .containsExactlyElementsOf(expected);
            assertThat(all(log, "hold_released"))
                    .as("holds released")
                    .extracting(r -> r.get("reason").asText())
                    .containsExactly("signal", "signal", "signal");
            List<Integer> moments = indexes(log, r -> event(r, "moment"));
            List<Integer> signals = indexes(log, r -> event(r, "signal_received"));
            assertThat(moments).hasSize(3);
            assertThat(signals).hasSize(3);
            for (int i = 0; i < 3; i++) {
                int held = moments.get(i);
                int signal = signals.get(i);
                assertThat(held).as("moment %d before signal %d", i + 1, i + 1).isLessThan(signal);
                assertThat(log.subList(held, signal))
                        .as("records while moment %d was held", i + 1)
                        .noneMatch(r -> heldBack.contains(r.get("event").asText()));
            }
            int cleanupStarted = indexes(log, r -> event(r, "cleanup_started")).get(0);
            int runningTaskEnd = indexes(log, r -> event(r, "task_cancelled")).get(0);
            assertThat(cleanupStarted)
                    .as("the first DURING_CLEANUP comes when the cancellation reaches the task")
                    .isLessThan(moments.get(1));
            assertThat(runningTaskEnd)
                    .as("the second DURING_CLEANUP comes before the task's end is booked, "
                            + "and so does the third signal")
                    .isGreaterThan(signals.get(2));
            assertThat(all(log, "task_started")).as("tasks started").hasSize(1);
        }
    }

    /**
     * With nothing held, the agent leaves no trace the program can see: the same thread names with it as without it.
     */
    @Test
    void aPlainProgramSeesTheSameThreadsWithTheAgentAsWithout() throws Exception {
        String without;
        try (AgentChild child = AgentChild.start(dir.resolve("without"), false, null, ThreadNamesProgram.class)) {
            assertThat(child.awaitExit())
                    .as("exit code without the agent%s", child.report())
                    .isZero();
            without = threadsLine(child.stdout());
        }
        try (AgentChild child = AgentChild.start(dir.resolve("with"), true, "", ThreadNamesProgram.class)) {
            assertThat(child.awaitExit())
                    .as("exit code with the agent%s", child.report())
                    .isZero();
            assertThat(one(child.records(), "run_started").get("writer").asText())
                    .as("the agent records")
                    .isEqualTo("agent");
            assertThat(threadsLine(child.stdout())).as("threads with the agent").isEqualTo(without);
        }
        assertThat(without).contains("main", "pool-1-thread-1", "pool-1-thread-2");
    }

    /** A build or a home directory may have a space in its path: the agent installs itself from there all the same. */
    @Test
    void theAgentInstallsItselfFromAPathWithASpace() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("with space")).resolve("signaltest-agent.jar");
        Files.copy(AgentChild.agentJar(), jar);
        try (AgentChild child = AgentChild.start(dir.resolve("run"), jar, "", ThreadNamesProgram.class)) {
            assertThat(child.awaitExit()).as("exit code%s", child.report()).isZero();
            assertThat(one(child.records(), "run_started").get("writer").asText())
                    .isEqualTo("agent");
            assertThat(all(child.records(), "task_completed"))
                    .as("tasks recorded")
                    .hasSize(2);
        }
    }

    /** A shutdown hook that halts: the halt is recorded with its code and caller, and so are the tasks it cut off. */
    @Test
    void aHaltIsRecordedWithItsCodeAndCaller() throws Exception {
        try (AgentChild child = AgentChild.start(
                dir,
                true,
                "ALL_SLOTS_FULL",
                HaltingBatch.class,
                "--tasks",
                "2",
                "--max-concurrent",
                "2",
                "--task-millis",
                "600000",
                "--work-dir",
                dir.resolve("work").toString())) {
            child.awaitRecord(r -> event(r, "moment"), 1);
            child.kill("INT");
            assertThat(child.awaitExit()).as("exit code%s", child.report()).isEqualTo(HaltingBatch.HALT_CODE);

            List<JsonNode> log = child.records();
            JsonNode halt = one(log, "halt_requested");
            assertThat(halt.get("code").asInt()).isEqualTo(HaltingBatch.HALT_CODE);
            assertThat(halt.get("by").asText()).isEqualTo("application");
            assertThat(halt.get("caller").asText())
                    .startsWith(HaltingBatch.class.getName() + ".")
                    .contains("(HaltingBatch.java:");
            assertThat(all(log, "task_running_at_halt"))
                    .as("tasks cut off by the halt")
                    .hasSize(2);
            JsonNode exit = one(log, "exit");
            assertThat(exit.get("code").asInt()).isEqualTo(HaltingBatch.HALT_CODE);
            assertThat(exit.get("caller").asText()).isEqualTo(halt.get("caller").asText());
        }
    }

    private static String threadsLine(String stdout) {
        return stdout.lines()
                .filter(l -> l.startsWith("threads: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no threads line in the output: " + stdout));
    }

    private static List<Integer> indexes(List<JsonNode> log, Predicate<JsonNode> wanted) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (wanted.test(log.get(i))) {
                found.add(i);
            }
        }
        return found;
    }
}
