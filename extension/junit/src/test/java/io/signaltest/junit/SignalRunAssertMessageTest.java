package io.signaltest.junit;

import static io.signaltest.junit.SignalRunFixtures.QUEUE_WAITING_LOG;
import static io.signaltest.junit.SignalRunFixtures.run;
import static io.signaltest.junit.SignalTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.signaltest.junit.internal.log.Timeline;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shape of every failure message: AssertJ's "Expecting ... but:" and then the run's facts. */
class SignalRunAssertMessageTest {

    private static final String NL = System.lineSeparator();

    private static String numberedLines(String prefix, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> prefix + " " + i)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void showsTheCommandPidExitCodeMarkedTimelineLineAndOutputTails() {
        // tag::message[]
        SignalRun run = run("""
                {"event":"task_queued","task":1,"name":"part-1"}
                {"event":"task_queued","task":2,"name":"part-2"}
                {"event":"task_started","task":1,"slot":1}
                {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}  // #3
                {"event":"task_started","task":2,"slot":1}                                          // #4
                """)
                .command("java", "-cp", "app.jar", "com.example.BatchApp", "--tasks", "2")
                .exitCode(0)
                .stdout(numberedLines("processed part", 25))
                .stderr("WARN interrupted while copying part-1\n")
                .build();

        AssertionError error =
                catchThrowableOfType(AssertionError.class, () -> assertThat(run).startedNoTaskAfterTheSignal());

        assertThat(error.getMessage())
                .startsWith(NL + "Expecting no task to have started after the signal" + NL + "but:" + NL
                        + "  task 2 started after the signal (SIGINT received at #3, task 2 started at #4)" + NL)
                .contains("  command:   java -cp app.jar com.example.BatchApp --tasks 2" + NL)
                .contains("  pid:       4242" + NL)
                .contains("  exit code: 0" + NL)
                .contains("  > " + Timeline.line(run.log().records().get(4), 0) + NL)
                .contains("  > " + Timeline.line(run.log().records().get(3), 0) + NL)
                .contains("    " + Timeline.line(run.log().records().get(2), 0) + NL)
                .contains("stdout (last 20 of 25 lines):" + NL + "    processed part 6" + NL)
                .contains("    processed part 25" + NL)
                .doesNotContain("processed part 5" + NL)
                .contains("stderr:" + NL + "    WARN interrupted while copying part-1" + NL);
        // end::message[]
    }

    @Test
    void namesTheTaskItsThreadAndItsExecutorWhenTheLogComesFromTheAgent() {
        SignalRun run = run("""
                {"event":"task_queued","task":1,"name":"FileJob[input-1]","executor":"java.util.concurrent.ThreadPoolExecutor#1"}
                {"event":"task_started","task":1,"slot":1,"thread":"pool-1-thread-1","executor":"java.util.concurrent.ThreadPoolExecutor#1"}
                {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}
                """).exitCode(130).build();

        AssertionError error =
                catchThrowableOfType(AssertionError.class, () -> assertThat(run).cleanedUpEveryStartedTaskOnce());

        assertThat(error.getMessage())
                .contains("  task 1 (FileJob[input-1] on pool-1-thread-1 of "
                        + "java.util.concurrent.ThreadPoolExecutor#1) started but its cleanup never ran" + NL);
    }

    @Test
    void keepsPercentSignsInTheRunsOutput() {
        SignalRun run = run(QUEUE_WAITING_LOG)
                .exitCode(0)
                .stdout("100% done, %s %n %d\n")
                .build();
        AssertionError error =
                catchThrowableOfType(AssertionError.class, () -> assertThat(run).exitedWith(130));
        assertThat(error.getMessage()).contains("    100% done, %s %n %d" + NL);
    }

    @Test
    void marksTheRecordsInQuestionInALongLog() {
        StringBuilder log = new StringBuilder();
        for (int task = 1; task <= 100; task++) {
            log.append("{\"event\":\"task_queued\",\"task\":").append(task).append(",\"name\":\"t\"}\n");
        }
        log.append(
                "{\"event\":\"signal_received\",\"signal\":\"INT\",\"number\":2,\"count\":1,\"action\":\"cancel\"}\n");
        for (int task = 1; task <= 99; task++) {
            log.append("{\"event\":\"task_cancelled_before_start\",\"task\":")
                    .append(task)
                    .append(",\"was\":\"queued\"}\n");
        }
        SignalRun run = run(log.toString()).build();

        AssertionError error =
                catchThrowableOfType(AssertionError.class, () -> assertThat(run).cancelledEveryQueuedTaskBeforeStart());

        assertThat(error.getMessage())
                .contains("task 100 was queued but never started, and was never reported as cancelled before start")
                .contains("  > " + Timeline.line(run.log().records().get(99), 0) + NL)
                .contains(" records ...")
                .doesNotContain(Timeline.line(run.log().records().get(50), 0));
    }

    @Test
    void listsTheFirstFindingsAndCountsTheRest() {
        StringBuilder log = new StringBuilder();
        for (int task = 1; task <= 30; task++) {
            log.append("{\"event\":\"task_started\",\"task\":").append(task).append(",\"slot\":1}\n");
        }
        SignalRun run = run(log.toString()).build();

        AssertionError error =
                catchThrowableOfType(AssertionError.class, () -> assertThat(run).cleanedUpEveryStartedTaskOnce());

        assertThat(error.getMessage())
                .contains("task 20 started but its cleanup never ran")
                .doesNotContain("task 21 started but its cleanup never ran")
                .contains("  ... and 10 more like these" + NL);
    }
}
