package io.signaltest.junit.service;

import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalTest;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests that an HTTP service drains on SIGTERM: the harness starts the service on a free port, waits until it is ready,
 * sends it requests, delivers a real signal at the chosen {@link ServiceMoment}, goes on sending requests and probing
 * its readiness while it drains, and SIGKILLs it if it outlives its grace period, as an orchestrator does. The method
 * then receives the {@link ServiceRun} and checks it:
 *
 * <pre>{@code
 * @ServiceTest(
 *         main = MyService.class,
 *         args = "--server.port={port}",
 *         readyUrl = "/actuator/health/readiness",
 *         request = @ServiceTest.Request(path = "/work?millis=1500", count = 3),
 *         inHandlerOutput = "request (?<id>\\S+) entered")
 * void drainsOnSigterm(ServiceRun run) {
 *     assertThat(run).drainedGracefully();
 * }
 * }</pre>
 *
 * One invocation runs per moment and signal. The program is named as in {@link SignalTest}: {@link #main()},
 * {@link #jar()} or {@link #command()}, or the configuration parameters {@value SignalTest#PROGRAM_MAIN_PROPERTY},
 * {@value SignalTest#PROGRAM_JAR_PROPERTY} and {@value SignalTest#PROGRAM_COMMAND_PROPERTY}.
 *
 * <h2>The port</h2>
 *
 * {@value #PORT_PLACEHOLDER} in {@link #args()}, {@link #jvmArgs()}, {@link #env()} or {@link #command()} is replaced
 * by a free port the harness chose for this run, so that the service can be given it the way it reads it: an argument
 * ({@code "--server.port={port}"}), a system property ({@code "-Dserver.port={port}"}) or a variable
 * ({@code "PORT={port}"}).
 *
 * <h2>The requests</h2>
 *
 * The harness is an HTTP/1.1 client (the JDK's {@code HttpClient}) on {@code localhost}. Each request carries an
 * {@value #REQUEST_ID_HEADER} header with its name ({@code f1}, {@code s4}, ...), so that the service's output can say
 * which request its handler has. {@link #request()} is what is held in flight; {@link #newRequest()} is what is sent
 * after the signal and in the stream. After every signal the harness sends one request on a new connection and one on a
 * connection kept alive from before the signal: a server that closed its listener may still serve the second.
 *
 * @since 0.2
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(ServiceTestExtension.class)
public @interface ServiceTest {

    /** In {@code args}, {@code jvmArgs}, {@code env} or {@code command}: the port the harness chose for the run. */
    String PORT_PLACEHOLDER = "{port}";

    /** The header that names each request the harness sends. */
    String REQUEST_ID_HEADER = "X-Request-Id";

    /** Configuration parameter: the default of {@link #graceMillis()} (30,000 ms when unset, as in Kubernetes). */
    String GRACE_PROPERTY = "signaltest.service.grace.millis";

    /** Configuration parameter: the default of {@link #readyTimeoutMillis()} (60,000 ms when unset). */
    String READY_TIMEOUT_PROPERTY = "signaltest.service.ready.timeout.millis";

    /**
     * The prefix of the configuration parameters that name a service's program, read before the
     * {@code signaltest.program.*} ones: {@code signaltest.service.program.main}, {@code .jar}, {@code .command},
     * {@code .args}, {@code .jvmArgs}, {@code .classpath}, {@code .agent}. A run that has both a program and a service
     * to test (the batch matrix and the service matrix in one test plan) names each under its own prefix.
     */
    String PROGRAM_PROPERTY_PREFIX = "signaltest.service.program.";

    /** Configuration parameter: {@link #readyUrl()}, for a test that leaves it empty. */
    String READY_URL_PROPERTY = "signaltest.service.readyUrl";

    /** Configuration parameter: {@link #readyOutput()}, for a test that leaves it empty. */
    String READY_OUTPUT_PROPERTY = "signaltest.service.readyOutput";

    /**
     * Configuration parameter: {@link #request()}, for a test that leaves it at its default, as {@code METHOD PATH}
     * with an optional status of a normal answer: {@code GET /work?millis=1500}, {@code POST /jobs 202}.
     */
    String REQUEST_PROPERTY = "signaltest.service.request";

    /** Configuration parameter: the count of {@link #request()}, for a test that leaves the request at its default. */
    String REQUEST_COUNT_PROPERTY = "signaltest.service.request.count";

    /**
     * Configuration parameter: {@link #newRequest()}, for a test that leaves it at its default, as {@code METHOD PATH}.
     */
    String NEW_REQUEST_PROPERTY = "signaltest.service.newRequest";

    /** Configuration parameter: {@link #atOutput()}, for a test that leaves it and {@link #at()} empty. */
    String AT_OUTPUT_PROPERTY = "signaltest.service.atOutput";

    /** Configuration parameter: {@link #inHandlerOutput()}, for a test that leaves it empty. */
    String IN_HANDLER_OUTPUT_PROPERTY = "signaltest.service.inHandlerOutput";

    /** Configuration parameter: {@link #lastOutput()}, for a test that leaves it empty. */
    String LAST_OUTPUT_PROPERTY = "signaltest.service.lastOutput";

    /**
     * Configuration parameter: {@link #newRequests()} with {@link #servedForMillis()}, for a test that leaves them at
     * their defaults: {@code refused}, or {@code served:MILLIS}.
     */
    String NEW_REQUESTS_PROPERTY = "signaltest.service.newRequests";

    /** Configuration parameter: {@link #exitCodes()}, for a test that leaves them empty, separated by commas. */
    String EXIT_CODES_PROPERTY = "signaltest.service.exitCodes";

    /** The service's main class, started on the test's classpath (see {@link SignalTest#main()}). */
    Class<?> main() default void.class;

    /** A runnable jar to start with {@code java -jar} (see {@link SignalTest#jar()}). */
    String jar() default "";

    /** A command line to start (see {@link SignalTest#command()}); may hold {@value #PORT_PLACEHOLDER}. */
    String[] command() default {};

    /** The service's arguments; {@value #PORT_PLACEHOLDER} is replaced by the port. */
    String[] args() default {};

    /** Options for the service's JVM; {@value #PORT_PLACEHOLDER} is replaced by the port. */
    String[] jvmArgs() default {};

    /**
     * Variables for the service's environment, as {@code NAME=value}; the value may hold {@value #PORT_PLACEHOLDER}.
     */
    String[] env() default {};

    /**
     * Whether to start the service with the signaltest agent, which shows when a request is inside a handler of the
     * JDK's {@code HttpServer}, Tomcat or Jetty, without {@link #inHandlerOutput()}.
     */
    boolean agent() default false;

    /** The service's working directory (see {@link SignalTest#workingDirectory()}). */
    String workingDirectory() default "";

    /**
     * The readiness URL: a path on the service ({@code "/actuator/health/readiness"}) or a whole URL, which may hold
     * {@value #PORT_PLACEHOLDER}. The service is ready when it answers 2xx, and should answer otherwise (or refuse the
     * connection) while it drains. One of this and {@link #readyOutput()} is required.
     */
    String readyUrl() default "";

    /** A regular expression: the service is ready once it prints a line in which it finds a match. */
    String readyOutput() default "";

    /** How long the service may take to become ready; 0 for {@value #READY_TIMEOUT_PROPERTY} or 60,000 ms. */
    long readyTimeoutMillis() default 0;

    /**
     * The moments at which the signal goes out, one invocation each. Empty (the default) for every moment the service
     * can be tested at: all four when it can show its handlers ({@link #inHandlerOutput()} or {@link #agent()}),
     * {@link ServiceMoment#IDLE} and {@link ServiceMoment#STEADY_STREAM} otherwise.
     */
    ServiceMoment[] at() default {};

    /**
     * Instead of {@link #at()}: a regular expression; the signal goes once the ready service prints a line in which it
     * finds a match (a scheduled job that has started, for example).
     */
    String atOutput() default "";

    /** The requests to hold in flight at {@link ServiceMoment#IN_FLIGHT} and {@link ServiceMoment#DURING_DRAIN}. */
    Request request() default @Request;

    /**
     * The request sent after the signal and in {@link ServiceMoment#STEADY_STREAM}'s stream; a quick one. By default
     * {@link #request()} with a count of one.
     */
    Request newRequest() default @Request(path = "");

    /**
     * A regular expression that finds the line the service prints when its handler has a request. A group named
     * {@code id} that captures the request's {@value #REQUEST_ID_HEADER} ties the line to the request; without it,
     * lines are counted. Needed for {@link ServiceMoment#IN_FLIGHT} and {@link ServiceMoment#DURING_DRAIN} unless
     * {@link #agent()} is set.
     */
    String inHandlerOutput() default "";

    /** The signals to deliver, one invocation each; SIGTERM by default, as an orchestrator stops a service. */
    Signal[] signal() default {Signal.TERM};

    /**
     * How long the process has from the signal to its exit before the harness sends SIGKILL; 0 for
     * {@value #GRACE_PROPERTY} or 30,000 ms (Kubernetes' default; {@code docker stop} gives 10,000).
     */
    long graceMillis() default 0;

    /** What the service may do with a request that arrives after the signal. */
    NewRequests newRequests() default NewRequests.REFUSED;

    /** With {@link NewRequests#SERVED}: how long after the signal every request must still be served, in ms. */
    long servedForMillis() default 0;

    /** How long a request sent after the signal may wait for its answer (a refusal is one); 0 for 5,000 ms. */
    long answerWithinMillis() default 0;

    /** The exit codes of a clean stop; by default 0 and 128 + the signal's number (143 for SIGTERM). */
    int[] exitCodes() default {};

    /**
     * A regular expression that finds the last line the service prints on its way out ({@code "service stopped"}):
     * {@code drainedGracefully()} then checks that it reached the output, after the signal.
     */
    String lastOutput() default "";

    /** How long the harness waits for a moment (requests in the handlers, the drain); 0 for the configured default. */
    long momentTimeoutMillis() default 0;

    /** A request the harness sends. */
    @Target({})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Request {

        /** The HTTP method. */
        String method() default "GET";

        /** The path and query on the service, such as {@code "/work?millis=1500"}. */
        String path() default "/";

        /** The request's body, sent as UTF-8; empty for none. */
        String body() default "";

        /** Further headers, as {@code "Name: value"}. */
        String[] headers() default {};

        /** How many such requests to hold in flight at once. */
        int count() default 1;

        /** The status of a normal answer. */
        int status() default 200;

        /**
         * How long the service takes to answer it, in ms, when it is slow on purpose (0 for quick): the harness waits
         * that much longer for its answer, and a finding tells a request cut off before that time from one that hangs.
         */
        long expectedMillis() default 0;
    }
}
