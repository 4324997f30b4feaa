package io.signaltest.junit.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One request that {@link ServiceTest} sent to the service, and what came back, as the client saw it. Times are counted
 * from the start of the service's process, on the clock of {@link ServiceRun#startToSignal()}.
 *
 * <pre>{@code
 * Exchange first = run.exchanges().get(0);
 * // "f1 GET /work?millis=1500 (in flight, new connection): 200 with 1024 of 1024 bytes"
 * System.out.println(first.describe());
 * }</pre>
 *
 * @param id the request's {@code X-Request-Id} header, which names it in findings and in the service's output
 * @param role why the harness sent it
 * @param method the HTTP method
 * @param path the path and query, as sent
 * @param connection whether it went on a new connection or on one kept alive from an earlier request
 * @param sent when it left
 * @param entered when the service showed that its handler had the request, if it did
 * @param answered when the status line arrived, if one did
 * @param ended when the exchange was over: the whole answer read, or the failure seen
 * @param outcome how it ended
 * @param status the HTTP status, or -1 when none arrived
 * @param bytes how many bytes of the answer's body arrived
 * @param expectedBytes the body's announced length ({@code Content-Length}), or -1 when none was announced
 * @param detail what the client saw when the exchange failed (the error), or an empty string
 * @since 0.2
 */
public record Exchange(
        String id,
        Role role,
        String method,
        String path,
        Connection connection,
        Duration sent,
        Optional<Duration> entered,
        Optional<Duration> answered,
        Duration ended,
        Outcome outcome,
        int status,
        long bytes,
        long expectedBytes,
        String detail) {

    /** Why the harness sent a request. */
    public enum Role {
        /** Before the signal, to open the connection that a later request reuses. */
        WARM_UP,
        /** One of the requests held in the service's handlers at the signal. */
        IN_FLIGHT,
        /** One of the steady stream of requests of {@link ServiceMoment#STEADY_STREAM}. */
        STREAM,
        /** Sent after the signal, to see how a stopping service treats a new request. */
        AFTER_SIGNAL
    }

    /** The connection a request went on. */
    public enum Connection {
        /** A connection opened for this request. */
        NEW,
        /** A connection that had carried an earlier request and was kept alive. */
        KEPT_ALIVE;

        /** "new connection" or "kept-alive connection". */
        public String describe() {
            return this == NEW ? "new connection" : "kept-alive connection";
        }
    }

    /** How an exchange ended. */
    public enum Outcome {
        /** A status line and the whole body. */
        ANSWERED,
        /** A status line, then the connection ended before the whole body arrived. */
        CUT_OFF,
        /** The connection was closed or reset before any status line arrived. */
        CLOSED_BEFORE_ANSWER,
        /** The connection was refused: nothing listened on the port. */
        REFUSED,
        /** No answer within the time the test allows, or none before the harness stopped waiting. */
        NO_ANSWER
    }

    public Exchange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(entered, "entered");
        Objects.requireNonNull(answered, "answered");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /** Whether the whole answer arrived with {@code expectedStatus}. */
    public boolean answeredWith(int expectedStatus) {
        return outcome == Outcome.ANSWERED && status == expectedStatus;
    }

    /**
     * The request and its end in one line, as findings name it: {@code f1 GET /work?millis=1500 (in flight, new
     * connection): 200 with 1024 of 1024 bytes}.
     */
    public String describe() {
        return id + " " + method + " " + path + " ("
                + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", " + connection.describe()
                + "): " + describeEnd();
    }

    /** How the exchange ended, in words: "200 with 1024 of 1024 bytes", "refused", "closed before any answer". */
    public String describeEnd() {
        return switch (outcome) {
                    case ANSWERED ->
                        status + " with " + bytes + (expectedBytes >= 0 ? " of " + expectedBytes : "") + " bytes";
                    case CUT_OFF ->
                        status + ", then cut off after " + bytes + (expectedBytes >= 0 ? " of " + expectedBytes : "")
                                + " bytes";
                    case CLOSED_BEFORE_ANSWER -> "connection closed before any answer";
                    case REFUSED -> "connection refused";
                    case NO_ANSWER -> "no answer";
                }
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
