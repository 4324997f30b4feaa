package io.signaltest.junit;

/**
 * Where {@link SignalTest} sends the signal.
 *
 * @since 0.1
 */
public enum Delivery {
    /** To the child's process id only, as {@code kill -INT <pid>} does. */
    PROCESS,
    /**
     * To the child's whole process group, as a terminal's Ctrl+C does. The child is started as the leader of a new
     * process group, so the test JVM never receives the signal.
     */
    PROCESS_GROUP,
    /**
     * As a container runtime starts and stops a program: the child is started as PID 1 of a new PID namespace
     * ({@code unshare --pid --fork --mount-proc}, with a new user namespace where only that is allowed), and the signal
     * goes to that PID 1, as {@code docker stop} or Kubernetes sends it. The kernel delivers a signal to a namespace's
     * PID 1 only when PID 1 handles it: a JVM does (SIGINT, SIGTERM, SIGHUP), a shell without a {@code trap} does not,
     * so a shell entrypoint that does not {@code exec} the program drops the signal, and the run fails naming it. Give
     * the scenario {@code exitTimeoutMillis = 10_000} to wait as long as {@code docker stop} does by default before its
     * SIGKILL. Needs {@code unshare} (util-linux) and a kernel that lets the test JVM make the namespaces (root, or
     * unprivileged user namespaces); where it cannot, the test fails before the start, saying why:
     *
     * <pre>{@code
     * @SignalTest(command = {"sh", "-c", "exec {java} -cp {classpath} com.example.Main"},
     *             signal = Signal.TERM, delivery = Delivery.PID_1, exitTimeoutMillis = 10_000)
     * }</pre>
     *
     * <p>The program sees itself as pid 1 and its namespace's processes only; its files, network and environment are
     * the test JVM's.
     */
    PID_1
}
