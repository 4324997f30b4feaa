package io.signaltest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signaltest.runtime.fixtures.DemoApp;
import io.signaltest.runtime.protocol.HarnessEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real SIGINT, SIGTERM and SIGHUP sent with {@code kill} to a child JVM running the runtime. */
class RealSignalIT {

    @TempDir
    Path dir;

    @Test
    void sigintWhileTasksWaitCancelsCleansUpAndExits130() throws Exception {
        try (Child child = Child.start(dir, List.of(), "QUEUE_WAITING", false, DemoApp.class, "6", "2", "0")) {
            child.awaitEvent("moment");
            child.kill("INT");
            assertThat(child.awaitExit()).isEqualTo(130);

            List<String> stateChanges = child.events().stream()
                    .filter(e -> e.equals("moment")
                            || e.equals("signal_received")
                            || e.startsWith("task_")
                            || e.startsWith("cleanup_"))
                    .collect(Collectors.toList());
            assertThat(stateChanges.subList(stateChanges.indexOf("moment") + 1, stateChanges.size()))
                    .as("the first state change after the moment")
                    .startsWith("signal_received");
            assertThat(child.records("task_started")).hasSize(2);
            assertThat(child.records("task_cancelled")).hasSize(2);
            assertThat(child.records("cleanup_finished")).hasSize(2);
            assertThat(child.records("resource_closed")).hasSize(2);
            assertThat(child.records("task_cancelled_before_start")).hasSize(4);
            JsonNode exit = child.records("exit").get(0);
            assertThat(exit.get("code").asInt()).isEqualTo(130);
            assertThat(exit.get("chosen_by").asText()).isEqualTo("runtime");
            assertThat(child.records("run_started")
                            .get(0)
                            .get("signals")
                            .get("INT")
                            .asText())
                    .isEqualTo("handled");
        }
    }

    @Test
    void sigtermExits143AndSighupExits129() throws Exception {
        for (String[] signal : new String[][] {{"TERM", "143"}, {"HUP", "129"}}) {
            Path run = Files.createDirectories(dir.resolve(signal[0]));
            try (Child child = Child.start(run, List.of(), "ALL_SLOTS_FULL", false, DemoApp.class, "2", "2", "0")) {
                child.awaitEvent("moment");
                child.kill(signal[0]);
                assertThat(child.awaitExit()).as("SIG%s", signal[0]).isEqualTo(Integer.parseInt(signal[1]));
                assertThat(child.records("signal_received").get(0).get("signal").asText())
                        .isEqualTo(signal[0]);
                assertThat(child.records("task_cancelled")).hasSize(2);
            }
        }
    }

    @Test
    void aSignalBeforeStartMeansNothingStarts() throws Exception {
        try (Child child = Child.start(dir, List.of(), "BEFORE_START", false, DemoApp.class, "3", "2", "0")) {
            child.awaitEvent("moment");
            child.kill("INT");
            assertThat(child.awaitExit()).isEqualTo(130);
            assertThat(child.events()).doesNotContain("task_started").contains("task_cancelled_before_start");
        }
    }

    @Test
    void aSecondSigintDuringCleanupIsLoggedAndDoesNotCutTheCleanupShort() throws Exception {
        try (Child child =
                Child.start(dir, List.of(), "ALL_SLOTS_FULL,DURING_CLEANUP", false, DemoApp.class, "2", "2", "200")) {
            child.awaitMoment("ALL_SLOTS_FULL");
            child.kill("INT");
            child.awaitMoment("DURING_CLEANUP");
            child.kill("INT");
            assertThat(child.awaitExit()).isEqualTo(130);

            assertThat(child.records("signal_received"))
                    .extracting(r -> r.get("action").asText())
                    .containsExactly("cancel", "ignored-during-cleanup");
            assertThat(child.records("cleanup_finished")).hasSize(2);
            assertThat(child.events()).doesNotContain("cleanup_failed", "cleanup_abandoned");
        }
    }

    @Test
    void anEscalatingPolicyLogsTheAbandonedCleanupsOfAThirdSigint() throws Exception {
        try (Child child = Child.start(
                dir, List.of(), "ALL_SLOTS_FULL,DURING_CLEANUP", false, DemoApp.class, "1", "1", "60000", "1")) {
            child.awaitMoment("ALL_SLOTS_FULL");
            child.kill("INT");
            child.awaitMoment("DURING_CLEANUP");
            child.kill("INT");
            assertThat(child.awaitExit()).isEqualTo(130);

            assertThat(child.events()).containsSubsequence("escalated", "cleanup_abandoned", "run_finished", "exit");
        }
    }

    @Test
    void aSigintInheritedAsIgnoredIsDetectedAndReportedLoudly() throws Exception {
        // the way a non-interactive shell starts a background job: SIGINT ignored, and the JVM inherits that
        List<String> ignoringShell = List.of("/bin/sh", "-c", "trap '' INT; exec \"$@\"", "sh");
        try (Child child = Child.start(dir, ignoringShell, "ALL_SLOTS_FULL", false, DemoApp.class, "1", "1", "0")) {
            child.awaitEvent("moment");
            JsonNode started = child.records("run_started").get(0);
            assertThat(started.get("signals").get("INT").asText()).isEqualTo("inherited-ignored");
            assertThat(child.records("signal_ignored").get(0).get("signal").asText())
                    .isEqualTo("INT");
            assertThat(child.stderr())
                    .contains("WARNING: SIGINT was inherited as ignored")
                    .contains("Ctrl+C will do nothing")
                    .doesNotContain("SIGHUP");

            child.kill("TERM"); // SIGINT could not end it: that is the trap
            assertThat(child.awaitExit()).isEqualTo(143);
        }
    }

    @Test
    void underNohupSighupIgnoredIsLoggedWithoutAWarningAndCtrlCStillWorks() throws Exception {
        // nohup ignores SIGHUP on purpose; with no terminal around, it redirects nothing
        try (Child child = Child.start(dir, List.of("nohup"), "ALL_SLOTS_FULL", false, DemoApp.class, "1", "1", "0")) {
            child.awaitEvent("moment");
            JsonNode started = child.records("run_started").get(0);
            assertThat(started.get("signals").get("HUP").asText()).isEqualTo("inherited-ignored");
            assertThat(started.get("signals").get("INT").asText()).isEqualTo("handled");
            assertThat(child.records("signal_ignored"))
                    .extracting(r -> r.get("signal").asText())
                    .containsExactly("HUP");

            child.kill("INT");
            assertThat(child.awaitExit()).isEqualTo(130);
            assertThat(child.stderr())
                    .as("the child's standard error under nohup")
                    .doesNotContain("WARNING");
        }
    }

    @Test
    void aChildKilledWithSigkillLeavesALogWhoseCompleteLinesAllParse() throws Exception {
        try (Child child = Child.start(dir, List.of(), "QUEUE_WAITING", false, DemoApp.class, "20000", "4", "600000")) {
            child.awaitEvent("moment");
            child.kill("INT");
            child.awaitEvent("cleanup_started");
            child.kill("KILL");
            assertThat(child.awaitExit()).isEqualTo(137);

            String text = Files.readString(child.log, StandardCharsets.UTF_8);
            String complete = text.substring(0, text.lastIndexOf('\n') + 1);
            ObjectMapper json = new ObjectMapper();
            long seq = 0;
            for (String line : complete.split("\n")) {
                assertThat(json.readTree(line).get("seq").asLong()).isEqualTo(seq++);
            }
            assertThat(seq).isGreaterThan(20000);
        }
    }

    @Test
    void whenTheHarnessProcessDiesTheChildShutsDownInsteadOfOutlivingIt() throws Exception {
        // an intermediate shell plays the harness: it is the runtime's parent, and it is killed
        List<String> harness = List.of("/bin/sh", "-c", "\"$@\" & wait", "sh");
        try (Child child = Child.start(dir, harness, "QUEUE_WAITING", true, DemoApp.class, "3", "1", "0")) {
            child.awaitEvent("moment");
            long runtimePid = child.records("run_started").get(0).get("pid").asLong();
            ProcessHandle runtime = ProcessHandle.of(runtimePid).orElseThrow();
            child.kill("KILL");
            child.awaitExit();

            assertThat(runtime.onExit()).succeedsWithin(java.time.Duration.ofSeconds(Child.DEADLINE_SECONDS));
            assertThat(child.events()).contains("harness_gone", "run_cancelling");
        }
    }

    @Test
    void aChildWhoseHarnessDiedWhileItWasStartingShutsDownToo() throws Exception {
        // The harness names its pid: the child's parent (this JVM) lives on, the named harness is gone.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        List<String> harnessNamed = List.of("/usr/bin/env", HarnessEnvironment.HARNESS_PID + "=" + gone.pid());
        try (Child child = Child.start(dir, harnessNamed, "QUEUE_WAITING", true, DemoApp.class, "3", "1", "0")) {
            // Whether it notices before its run has begun (a halt, nothing to clean up) or after (harness_gone,
            // then a cancellation), it ends with the harness-gone code instead of holding at its moment.
            assertThat(child.awaitExit()).isEqualTo(125);
            assertThat(child.events()).doesNotContain("signal_received");
        }
    }
}
