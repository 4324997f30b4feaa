package io.signaltest.junit.internal.files;

import io.signaltest.junit.service.Exchange;

/**
 * One request the harness sent to a service, as the harness saw it, on the machine's monotonic clock; -1 for an instant
 * that did not come. Kept in the run's facts, from which both the test's {@link Exchange} and the report's picture are
 * made.
 */
public record RequestFact(
        String id,
        Exchange.Role role,
        String method,
        String path,
        Exchange.Connection connection,
        long sentNanos,
        long enteredNanos,
        long answeredNanos,
        long endedNanos,
        Exchange.Outcome outcome,
        int status,
        long bytes,
        long expectedBytes,
        String detail) {}
