package io.signaltest.junit;

/**
 * Assertions over a {@link SignalRun}; get one from {@link SignalTestAssertions#assertThat(SignalRun)}. The checks are
 * described on {@link AbstractSignalRunAssert}.
 *
 * <p>The public one-argument constructor lets AssertJ's soft assertions create it (they subclass it, which is why it is
 * not final):
 *
 * <pre>{@code
 * SoftAssertions softly = new SoftAssertions();
 * softly.proxy(SignalRunAssert.class, SignalRun.class, run)
 *       .exitedWithSignalCode()
 *       .cleanedUpEveryStartedTaskOnce();
 * softly.assertAll();
 * }</pre>
 *
 * @since 0.1
 */
public class SignalRunAssert extends AbstractSignalRunAssert<SignalRunAssert> {

    public SignalRunAssert(SignalRun actual) {
        super(actual, SignalRunAssert.class);
    }
}
