package io.signaltest.junit;

/**
 * The entry point of signaltest's AssertJ assertions.
 *
 * <pre>{@code
 * import static io.signaltest.junit.SignalTestAssertions.assertThat;
 *
 * @SignalTest(main = BatchApp.class, args = {"--tasks", "6", "--max-concurrent", "2"}, at = Moment.QUEUE_WAITING)
 * void queuedTasksNeverStart(SignalRun run) {
 *     assertThat(run).exitedWithSignalCode()
 *                    .startedNoTaskAfterTheSignal()
 *                    .cancelledEveryQueuedTaskBeforeStart();
 * }
 * }</pre>
 *
 * It can be imported next to {@code org.assertj.core.api.Assertions.assertThat}: for a {@link SignalRun}, Java picks
 * this one.
 *
 * @since 0.1
 */
public final class SignalTestAssertions {

    private SignalTestAssertions() {}

    /**
     * Assertions over {@code run}.
     *
     * @param run what a {@link SignalTest} observed
     * @return the assertions, each returning the same object for chaining
     */
    public static SignalRunAssert assertThat(SignalRun run) {
        return new SignalRunAssert(run);
    }
}
