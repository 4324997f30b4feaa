/**
 * The signaltest reference cancellation runtime: runs tasks under a concurrency limit and
 * shuts down correctly on SIGINT, SIGTERM and SIGHUP, writing the structured cleanup log.
 *
 * <p>JDK only. {@code io.signaltest.runtime.internal} is not exported and carries no
 * compatibility promise.
 */
module io.signaltest.runtime {
    requires jdk.unsupported; // sun.misc.Signal: the only JDK API that handles SIGINT

    exports io.signaltest.runtime;
}
