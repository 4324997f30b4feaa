package io.signaltest.junit.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckVerdictTest {

    @Test
    void keepsABoundedNumberOfFindingsAndCountsTheRest() {
        CheckVerdict v = CheckVerdict.expecting("every task to end");
        for (int i = 1; i <= 5_000; i++) {
            v.finding("task " + i + " ended in no terminal state");
        }
        assertThat(v.passed()).isFalse();
        assertThat(v.findings()).hasSize(CheckVerdict.KEPT_FINDINGS);
        assertThat(v.findingCount()).isEqualTo(5_000);
        assertThat(v.findings().get(0).what()).isEqualTo("task 1 ended in no terminal state");
    }
}
