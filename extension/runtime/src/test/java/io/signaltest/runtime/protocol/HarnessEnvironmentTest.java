package io.signaltest.runtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessEnvironmentTest {

    @Test
    void anEmptyEnvironmentAsksForNothing() {
        HarnessEnvironment harness = HarnessEnvironment.of(Map.of());

        assertThat(harness.log()).isEmpty();
        assertThat(harness.holds()).isEmpty();
        assertThat(harness.holdTimeoutMs()).isEqualTo(HarnessEnvironment.DEFAULT_HOLD_TIMEOUT_MS);
        assertThat(harness.control()).isFalse();
        assertThat(harness.harnessPid()).isEmpty();
    }

    @Test
    void readsTheLogTheHoldsInOrderTheTimeoutTheChannelAndThePid() {
        HarnessEnvironment harness = HarnessEnvironment.of(Map.of(
                HarnessEnvironment.LOG,
                "out/cleanup.jsonl",
                HarnessEnvironment.HOLD,
                " all_slots_full , DURING_CLEANUP ,",
                HarnessEnvironment.HOLD_TIMEOUT_MS,
                "5000",
                HarnessEnvironment.CONTROL,
                "stdin",
                HarnessEnvironment.HARNESS_PID,
                "4242"));

        assertThat(harness.log()).contains(Path.of("out/cleanup.jsonl"));
        assertThat(harness.holds()).containsExactly("ALL_SLOTS_FULL", "DURING_CLEANUP");
        assertThat(harness.holdTimeoutMs()).isEqualTo(5000);
        assertThat(harness.control()).isTrue();
        assertThat(harness.harnessPid()).contains(4242L);
    }

    @Test
    void rejectsABadTimeoutAnUnknownControlChannelAndABadPid() {
        assertThatThrownBy(() -> HarnessEnvironment.of(Map.of(HarnessEnvironment.HOLD_TIMEOUT_MS, "soon")))
                .hasMessage("SIGNALTEST_HOLD_TIMEOUT_MS=soon is not a positive number of milliseconds");
        assertThatThrownBy(() -> HarnessEnvironment.of(Map.of(HarnessEnvironment.HOLD_TIMEOUT_MS, "0")))
                .hasMessageContaining("not a positive number");
        assertThatThrownBy(() -> HarnessEnvironment.of(Map.of(HarnessEnvironment.CONTROL, "socket")))
                .hasMessage("SIGNALTEST_CONTROL=socket is not supported; expected 'stdin' or unset");
        assertThatThrownBy(() -> HarnessEnvironment.of(Map.of(HarnessEnvironment.HARNESS_PID, "me")))
                .hasMessage("SIGNALTEST_HARNESS_PID=me is not a process id");
    }
}
