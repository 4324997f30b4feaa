package io.signaltest.junit.internal.service;

import io.signaltest.junit.internal.files.RequestFact;
import io.signaltest.junit.service.Exchange;

/**
 * One request while it is under way: written by the thread that sends it and reads its answer, and by the watcher that
 * sees the service's handler take it; read by the harness's waits. Times on the monotonic clock, -1 until they come.
 */
public final class LiveExchange {

    private final String id;
    private final Exchange.Role role;
    private final RequestSpec request;
    private final Exchange.Connection connection;
    private long sentNanos = -1;
    private long enteredNanos = -1;
    private long answeredNanos = -1;
    private long endedNanos = -1;
    private Exchange.Outcome outcome;
    private int status = -1;
    private long bytes;
    private long expectedBytes = -1;
    private String detail = "";

    public LiveExchange(String id, Exchange.Role role, RequestSpec request, Exchange.Connection connection) {
        this.id = id;
        this.role = role;
        this.request = request;
        this.connection = connection;
    }

    public String id() {
        return id;
    }

    public Exchange.Role role() {
        return role;
    }

    public RequestSpec request() {
        return request;
    }

    /** The request left (or the harness began to connect for it); the first time counts. */
    synchronized void sent(long nanos) {
        if (sentNanos < 0) {
            sentNanos = nanos;
        }
    }

    /** The service showed that its handler has the request; the first sign counts. */
    public synchronized void entered(long nanos) {
        if (enteredNanos < 0) {
            enteredNanos = nanos;
        }
    }

    synchronized void answered(long nanos, int status, long expectedBytes) {
        this.answeredNanos = nanos;
        this.status = status;
        this.expectedBytes = expectedBytes;
    }

    synchronized void read(long count) {
        bytes += count;
    }

    /** Ends the exchange, unless it has ended already. */
    synchronized void end(long nanos, Exchange.Outcome outcome, String detail) {
        if (this.outcome == null) {
            this.endedNanos = nanos;
            this.outcome = outcome;
            this.detail = detail;
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    public synchronized long sentNanos() {
        return sentNanos;
    }

    public synchronized long enteredNanos() {
        return enteredNanos;
    }

    public synchronized boolean hasEntered() {
        return enteredNanos >= 0;
    }

    public synchronized boolean hasEnded() {
        return outcome != null;
    }

    /** Whether it has ended with the whole answer and {@code status}. */
    public synchronized boolean answeredWith(int status) {
        return outcome == Exchange.Outcome.ANSWERED && this.status == status;
    }

    /** Whether it has ended with the whole answer. */
    public synchronized boolean answered() {
        return outcome == Exchange.Outcome.ANSWERED;
    }

    public synchronized RequestFact fact() {
        return new RequestFact(
                id,
                role,
                request.method(),
                request.path(),
                connection,
                sentNanos,
                enteredNanos,
                answeredNanos,
                endedNanos,
                outcome == null ? Exchange.Outcome.NO_ANSWER : outcome,
                status,
                bytes,
                expectedBytes,
                outcome == null ? "still waiting when the harness stopped" : detail);
    }
}
