/**
 * The signaltest reference cancellation runtime: runs tasks under a concurrency limit and shuts down correctly on
 * SIGINT, SIGTERM and SIGHUP, writing the structured cleanup log.
 *
 * <p>JDK only. {@code io.signaltest.runtime.protocol} is what a harness and a program agree on: the cleanup log's
 * format and writer, and the harness's environment. {@code io.signaltest.runtime.internal} is not exported and carries
 * no compatibility promise.
 */
module io.signaltest.runtime {
    requires jdk.unsupported; // sun.misc.Signal: the only JDK API that handles SIGINT

    exports io.signaltest.runtime;
    exports io.signaltest.runtime.protocol;
}
