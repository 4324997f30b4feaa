package io.signaltest.junit.service;

/**
 * The moment at which {@link ServiceTest} delivers the signal to a service, counted from the moment the service is
 * ready. Each is reached on evidence, never after a pause: a request is in the service's handler when the service says
 * so (a line of its output, or a record of the signaltest agent), and the drain has begun when the service shows it.
 *
 * @since 0.2
 */
public enum ServiceMoment {

    /** Ready, with no request in flight: one request answered on a connection that the client keeps open. */
    IDLE,

    /**
     * {@code request.count} requests inside the service's handlers, none answered yet: the moment a rolling deploy hits
     * a busy instance. Needs evidence from the service: {@code inHandlerOutput}, or {@code agent = true}.
     */
    IN_FLIGHT,

    /**
     * A steady stream of requests, each on a new connection, that goes on through the drain until the service has
     * exited: what a service sees while its load balancer has not yet noticed that it is stopping.
     */
    STEADY_STREAM,

    /**
     * A second signal while the service drains: requests in flight as in {@link #IN_FLIGHT}, a first signal, and, once
     * the service shows it is draining (its readiness URL turns not-ready, or a new connection is refused), a second
     * signal of the same kind, as an impatient operator or a supervisor sends it. The requests in flight must still
     * finish.
     */
    DURING_DRAIN
}
