package io.signaltest.junit.service;

/**
 * What a service does with a request that arrives after the signal, which {@link ServiceTest#newRequests()} declares.
 * Under either policy a request must get a clean answer: never an answer cut off in the middle, and never no answer at
 * all within {@link ServiceTest#answerWithinMillis()}.
 *
 * @since 0.2
 */
public enum NewRequests {

    /**
     * The service may stop taking requests as soon as the signal lands: a refused connection, a connection closed
     * before any answer, a {@code 503}, or a whole answer are all clean. The default, and what Spring Boot's graceful
     * shutdown and the JDK's {@code HttpServer.stop} do.
     */
    REFUSED,

    /**
     * The service goes on serving every request for {@link ServiceTest#servedForMillis()} after the signal, with its
     * usual status and whole answer, because its load balancer is slow to notice that it is stopping; after that, a
     * refusal is clean again.
     */
    SERVED
}
