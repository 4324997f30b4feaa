package io.signaltest.runtime;

import java.util.Optional;

/**
 * How one task ended.
 *
 * @param id the task's 1-based id
 * @param name the task's name
 * @param state its terminal state
 * @param failure what the body threw, for {@link TaskState#FAILED} (else null)
 * @param cleanupFailure what the cleanup or a resource's close threw (else null)
 * @param cleanupOverran the cleanup ran past the cleanup deadline
 * @param cleanupAbandoned an escalating {@link RepeatPolicy} stopped waiting for its cleanup
 * @since 0.1
 */
public record TaskOutcome(
        int id,
        String name,
        TaskState state,
        Throwable failure,
        Throwable cleanupFailure,
        boolean cleanupOverran,
        boolean cleanupAbandoned) {

    public Optional<Throwable> failureCause() {
        return Optional.ofNullable(failure);
    }
}
