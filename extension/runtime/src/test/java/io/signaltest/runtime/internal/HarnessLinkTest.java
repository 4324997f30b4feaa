package io.signaltest.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessLinkTest {

    @Test
    void anEmptyEnvironmentAsksForNothing() {
        HarnessLink link = HarnessLink.of(Map.of());

        assertThat(link.log()).isNull();
        assertThat(link.holds()).isEmpty();
        assertThat(link.holdTimeoutMs()).isEqualTo(HarnessLink.DEFAULT_HOLD_TIMEOUT_MS);
    }

    @Test
    void readsTheLogTheHoldsInOrderAndTheTimeout() {
        HarnessLink link = HarnessLink.of(Map.of(HarnessLink.LOG, "out/cleanup.jsonl",
                HarnessLink.HOLD, " all_slots_full , DURING_CLEANUP ,", HarnessLink.HOLD_TIMEOUT_MS, "5000"));

        assertThat(link.log()).isEqualTo(Path.of("out/cleanup.jsonl"));
        assertThat(link.holds()).containsExactly("ALL_SLOTS_FULL", "DURING_CLEANUP");
        assertThat(link.holdTimeoutMs()).isEqualTo(5000);
    }

    @Test
    void rejectsABadTimeoutAndAnUnknownControlChannel() {
        assertThatThrownBy(() -> HarnessLink.of(Map.of(HarnessLink.HOLD_TIMEOUT_MS, "soon")))
                .hasMessage("SIGNALTEST_HOLD_TIMEOUT_MS=soon is not a positive number of milliseconds");
        assertThatThrownBy(() -> HarnessLink.of(Map.of(HarnessLink.HOLD_TIMEOUT_MS, "0")))
                .hasMessageContaining("not a positive number");
        assertThatThrownBy(() -> HarnessLink.of(Map.of(HarnessLink.CONTROL, "socket")))
                .hasMessage("SIGNALTEST_CONTROL=socket is not supported; expected 'stdin' or unset");
    }
}
