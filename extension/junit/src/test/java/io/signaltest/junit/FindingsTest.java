package io.signaltest.junit;

import static io.signaltest.junit.SignalRunFixtures.run;
import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signaltest.junit.internal.findings.Failed;
import io.signaltest.junit.internal.report.Findings;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The findings a report shows come from the values a failure carries, never from its text: a failed check's findings
 * with their records, every check of a soft-assertion error in order, and the first line of anything else.
 */
class FindingsTest {

    private static final SignalRun TWO_CLEANUPS_MISSING = run("""
            {"event":"task_queued","task":1,"name":"part-1"}
            {"event":"task_queued","task":2,"name":"part-2"}
            {"event":"task_queued","task":3,"name":"part-3"}
            {"event":"task_started","task":1,"slot":1}
            {"event":"task_started","task":2,"slot":2}
            {"event":"task_started","task":3,"slot":3}
            {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
            {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}
            {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":2,"overran":false}
            {"event":"task_cancelled","task":1,"slot":1,"was":"running"}
            """).exitCode(0).build();

    @Test
    void aFailedCheckGivesItsFindingsWithTheirRecords() {
        Throwable failure =
                catchThrowable(() -> assertThat(TWO_CLEANUPS_MISSING).cleanedUpEveryStartedTaskOnce());

        assertThat(Findings.of(failure))
                .containsExactly(
                        "task 2 started but its cleanup never ran", "task 3 started but its cleanup never ran");
        assertThat(((Failed) failure).findings().get(0).evidence())
                .extracting(LogRecord::seq)
                .contains(4L);
        assertThat(((Failed) failure).advice()).isPresent();
    }

    @Test
    void aFailedCheckWithADescriptionKeepsItInItsMessageAndItsValues() {
        Throwable failure = catchThrowable(
                () -> assertThat(TWO_CLEANUPS_MISSING).as("the batch").cleanedUpEveryStartedTaskOnce());

        assertThat(failure.getMessage()).startsWith("[the batch] ");
        assertThat(Findings.of(failure)).first().isEqualTo("task 2 started but its cleanup never ran");
    }

    @Test
    void aSoftAssertionErrorIsOpenedInTheOrderOfItsChecks() {
        Throwable soft = catchThrowable(() -> {
            SoftAssertions softly = new SoftAssertions();
            softly.proxy(SignalRunAssert.class, SignalRun.class, TWO_CLEANUPS_MISSING)
                    .exitedWithSignalCode()
                    .cleanedUpEveryStartedTaskOnce();
            softly.assertAll();
        });

        assertThat(soft.getMessage()).contains("Multiple Failures");
        assertThat(Findings.of(soft))
                .containsExactly(
                        "exit code 0, expected 130 (128 + SIGINT)",
                        "task 2 started but its cleanup never ran",
                        "task 3 started but its cleanup never ran");
    }

    @Test
    void anyOtherFailureGivesTheFirstLineOfItsMessage() {
        assertThat(Findings.of(new AssertionError("\nexpected: 3\n but was: 2")))
                .containsExactly("expected: 3");
    }
}
