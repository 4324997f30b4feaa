package io.signaltest.junit;

import static io.signaltest.junit.SignalRunFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** AssertJ's soft assertions can proxy {@link SignalRunAssert} and collect every failed check of a run. */
class SignalRunSoftAssertionsTest {

    @Test
    void collectsEveryFailedCheck() {
        // tag::soft[]
        SignalRun run = run("""
                {"event":"task_queued","task":1,"name":"part-1"}
                {"event":"task_queued","task":2,"name":"part-2"}
                {"event":"task_started","task":1,"slot":1}
                {"event":"resource_opened","task":1,"resource":"temp file part-1.tmp"}
                {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                {"event":"task_started","task":2,"slot":1}
                {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}
                {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":1,"overran":false}
                {"event":"task_cancelled","task":1,"slot":1,"was":"running"}
                """).exitCode(0).build();

        SoftAssertions softly = new SoftAssertions();
        softly.proxy(SignalRunAssert.class, SignalRun.class, run)
                .exitedWithSignalCode()
                .startedNoTaskAfterTheSignal()
                .cleanedUpEveryStartedTaskOnce()
                .leftNoResourceOpen()
                .shutDownWithin(Duration.ofSeconds(5));

        assertThat(softly.errorsCollected()).hasSize(4);
        assertThatThrownBy(softly::assertAll)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("exit code 0, expected 130 (128 + SIGINT)")
                .hasMessageContaining("task 2 started after the signal")
                .hasMessageContaining("task 2 started but its cleanup never ran")
                .hasMessageContaining("task 1 left resource 'temp file part-1.tmp' open");
        // end::soft[]
    }

    @Test
    void collectsNothingForACorrectRun() {
        SoftAssertions softly = new SoftAssertions();
        softly.proxy(
                        SignalRunAssert.class,
                        SignalRun.class,
                        run(SignalRunFixtures.QUEUE_WAITING_LOG).build())
                .exitedWithSignalCode()
                .cleanedUpEveryStartedTaskOnce()
                .startedNoTaskAfterTheSignal();
        softly.assertAll();
        assertThat(softly.errorsCollected()).isEmpty();
    }
}
