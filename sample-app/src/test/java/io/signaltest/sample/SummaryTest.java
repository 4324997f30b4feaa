package io.signaltest.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.runtime.TaskOutcome;
import io.signaltest.runtime.TaskState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void aRunThatFinishedSaysSo() {
        String summary = Summary.format(outcomes(3, 0, 0), Optional.empty(), Optional.empty(), 0);

        assertThat(summary).isEqualTo("finished: 3 done; exit 0");
    }

    @Test
    void anInterruptedRunCountsEachWayATaskEnded() {
        String summary = Summary.format(outcomes(3, 2, 5), Optional.of("signal"), Optional.of("INT"), 130);

        assertThat(summary)
                .isEqualTo("interrupted by SIGINT: 3 done, 2 cancelled while running (cleaned up), 5 never "
                        + "started; exit 130");
    }

    @Test
    void noTaskDoneIsStillCounted() {
        String summary = Summary.format(outcomes(0, 2, 4), Optional.of("signal"), Optional.of("TERM"), 143);

        assertThat(summary)
                .isEqualTo("interrupted by SIGTERM: 0 done, 2 cancelled while running (cleaned up), 4 never "
                        + "started; exit 143");
    }

    @Test
    void aFailureIsCountedAndShownWithItsCause() {
        List<TaskOutcome> outcomes = outcomes(2, 0, 0);
        outcomes.add(
                new TaskOutcome(3, "input-03", TaskState.FAILED, new IOException("disk full"), null, false, false));

        String summary = Summary.format(outcomes, Optional.empty(), Optional.empty(), 1);

        assertThat(summary)
                .isEqualTo("finished with problems: 2 done, 1 failed; exit 1\n"
                        + "  task 3 (input-03) failed: java.io.IOException: disk full");
    }

    @Test
    void cleanupProblemsAreShownEvenForADoneTask() {
        List<TaskOutcome> outcomes = new ArrayList<>();
        outcomes.add(new TaskOutcome(
                1,
                "input-01",
                TaskState.COMPLETED,
                null,
                new IOException("cannot delete input-01.part"),
                false,
                false));
        outcomes.add(new TaskOutcome(2, "input-02", TaskState.CANCELLED, null, null, true, false));
        outcomes.add(new TaskOutcome(3, "input-03", TaskState.CANCELLED, null, null, false, true));

        String summary = Summary.format(outcomes, Optional.of("signal"), Optional.of("INT"), 130);

        assertThat(summary)
                .isEqualTo("interrupted by SIGINT: 1 done, 2 cancelled while running (cleaned up); exit 130\n"
                        + "  task 1 (input-01) cleanup failed: java.io.IOException: cannot delete input-01.part\n"
                        + "  task 2 (input-02) cleanup overran its deadline\n"
                        + "  task 3 (input-03) cleanup abandoned");
    }

    @Test
    void aRunStoppedForAnotherReasonNamesIt() {
        String summary = Summary.format(outcomes(1, 1, 3), Optional.of("harness-gone"), Optional.empty(), 125);

        assertThat(summary)
                .isEqualTo("stopped (harness-gone): 1 done, 1 cancelled while running (cleaned up), 3 never "
                        + "started; exit 125");
    }

    private static List<TaskOutcome> outcomes(int done, int cancelled, int neverStarted) {
        List<TaskOutcome> outcomes = new ArrayList<>();
        add(outcomes, done, TaskState.COMPLETED);
        add(outcomes, cancelled, TaskState.CANCELLED);
        add(outcomes, neverStarted, TaskState.CANCELLED_BEFORE_START);
        return outcomes;
    }

    private static void add(List<TaskOutcome> outcomes, int n, TaskState state) {
        for (int i = 0; i < n; i++) {
            int id = outcomes.size() + 1;
            outcomes.add(new TaskOutcome(id, String.format("input-%02d", id), state, null, null, false, false));
        }
    }
}
