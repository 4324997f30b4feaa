package io.signaltest.sample.pitfalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ReentrantLock lock = new ReentrantLock();

    @Test
    void everyRecordIsOneLineOfJsonWithTheEnvelope() throws Exception {
        Path file = dir.resolve("logs/cleanup.jsonl");
        HandLog log = new HandLog(file, List.of(), 1000, lock);
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("INT", "handled");
        String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 separator \u2028 é";

        log.write(
                "run_started",
                "signals",
                signals,
                "holds",
                List.of("QUEUE_WAITING"),
                "tasks",
                3,
                "cause",
                null,
                "held",
                true);
        log.write("task_event", "task", 1, "detail", tricky);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("\u2028"));
        JsonNode first = JSON.readTree(lines.get(0));
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(first.get("v").asInt()).isEqualTo(1);
        assertThat(first.get("seq").asLong()).isZero();
        assertThat(second.get("seq").asLong()).isEqualTo(1);
        assertThat(second.get("t_ns").asLong())
                .isGreaterThanOrEqualTo(first.get("t_ns").asLong())
                .isNotNegative();
        assertThat(first.get("event").asText()).isEqualTo("run_started");
        assertThat(first.get("signals").get("INT").asText()).isEqualTo("handled");
        assertThat(first.get("holds").get(0).asText()).isEqualTo("QUEUE_WAITING");
        assertThat(first.get("cause").isNull()).isTrue();
        assertThat(first.get("held").asBoolean()).isTrue();
        assertThat(second.get("detail").asText()).isEqualTo(tricky);
    }

    @Test
    void withoutALogPathNothingIsWrittenAndNothingFails() {
        HandLog log = new HandLog(null, List.of(), 1000, lock);
        log.write("run_started");
        lock.lock();
        try {
            log.reach("BEFORE_START", 0, 0, 1, 1);
            log.signalReceived("INT", 2, 1, "cancel");
        } finally {
            lock.unlock();
        }
    }

    @Test
    void aMomentHoldsUntilTheSignalIsLogged() throws Exception {
        Path file = dir.resolve("cleanup.jsonl");
        HandLog log = new HandLog(file, List.of("ALL_SLOTS_FULL"), 120_000, lock);
        List<String> afterHold = new ArrayList<>();
        Thread task = new Thread(() -> {
            lock.lock();
            try {
                log.reach("QUEUE_WAITING", 2, 0, 1, 2); // not armed: returns at once
                log.reach("ALL_SLOTS_FULL", 2, 0, 0, 2);
                log.write("task_started", "task", 3);
                afterHold.add("released");
            } finally {
                lock.unlock();
            }
        });
        task.start();
        while (!Files.exists(file) || !Files.readString(file).contains("\"moment\"")) {
            Thread.onSpinWait(); // the task reaches the moment; a deadline on the test run bounds this
            assertThat(task.isAlive()).as("the task holds at the moment").isTrue();
        }
        lock.lock();
        try {
            assertThat(afterHold).as("nothing happens during the hold").isEmpty();
            log.signalReceived("INT", 2, 1, "cancel");
        } finally {
            lock.unlock();
        }
        task.join();

        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            records.add(JSON.readTree(line));
        }
        assertThat(records)
                .extracting(r -> r.get("event").asText())
                .containsExactly("moment", "signal_received", "hold_released", "task_started");
        JsonNode moment = records.get(0);
        assertThat(moment.get("moment").asText()).isEqualTo("ALL_SLOTS_FULL");
        assertThat(moment.get("occupied_slots").asInt()).isEqualTo(2);
        assertThat(moment.get("held").asBoolean()).isTrue();
        assertThat(records.get(2).get("reason").asText()).isEqualTo("signal");
    }

    @Test
    void aHoldEndsAtItsDeadlineAndAnUnreachedMomentIsReportedMissed() throws Exception {
        Path file = dir.resolve("cleanup.jsonl");
        HandLog log = new HandLog(file, List.of("BEFORE_START", "DURING_CLEANUP"), 1, lock);
        lock.lock();
        try {
            log.reach("BEFORE_START", 0, 0, 2, 2);
            log.finish();
        } finally {
            lock.unlock();
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(1)).get("reason").asText()).isEqualTo("deadline");
        JsonNode missed = JSON.readTree(lines.get(2));
        assertThat(missed.get("event").asText()).isEqualTo("moment_missed");
        assertThat(missed.get("moment").asText()).isEqualTo("DURING_CLEANUP");
    }

    @Test
    void holdsNeedTheProgramsStateLock() {
        HandLog log = new HandLog(null, List.of("BEFORE_START"), 1000, lock);

        assertThatThrownBy(() -> log.reach("BEFORE_START", 0, 0, 1, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("state lock");
    }
}
