package io.signaltest.junit.service;

import io.signaltest.junit.AbstractSignalRunAssert;
import io.signaltest.junit.internal.checks.CheckFailure;
import io.signaltest.junit.internal.checks.CheckVerdict;
import io.signaltest.junit.internal.checks.ServiceChecks;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Assertions over a {@link ServiceRun}: the whole contract of a drain in one call, {@link #drainedGracefully()}, and
 * each part of it alone. Every check of {@link AbstractSignalRunAssert} that needs no cleanup log (the exit code, the
 * output) works here too. Start with {@link ServiceAssertions#assertThat(ServiceRun)}.
 *
 * <pre>{@code
 * assertThat(run).drainedGracefully();
 * // or part by part:
 * assertThat(run).finishedEveryRequestInFlight()
 *                .answeredNewRequestsCleanly()
 *                .exitedWithinGrace();
 * }</pre>
 *
 * A failure names each request in question by its id, method and path, with its connection, when it ended relative to
 * the signal and what the client saw, then shows the run: the command, the requests as a table, the output's tail.
 *
 * @since 0.2
 */
public class ServiceRunAssert extends AbstractSignalRunAssert<ServiceRunAssert> {

    private final ServiceRun service;

    public ServiceRunAssert(ServiceRun actual) {
        super(actual, ServiceRunAssert.class);
        this.service = actual;
    }

    /**
     * Verifies the whole drain at once, and lists every broken part in one message: every request in flight at the
     * signal finished ({@link #finishedEveryRequestInFlight()}), every request after it got a clean answer
     * ({@link #answeredNewRequestsCleanly()}), readiness turned when a readiness URL is declared
     * ({@link #turnedNotReady()}), the exit came within the grace period with an accepted code
     * ({@link #exitedWithinGrace()}), the declared last line of output came ({@link #printedLastOutput()}), the port is
     * free ({@link #freedThePort()}) and no process is left ({@link #leftNoProcessBehind()}).
     *
     * <pre>{@code
     * assertThat(run).drainedGracefully();
     * // fails, for example, with
     * // "f2 GET /work?millis=1500 (in flight, new connection): connection closed before any answer,
     * //  12 ms after the signal" and a hint that the server stopped at once
     * }</pre>
     *
     * @return this assertion object
     */
    public ServiceRunAssert drainedGracefully() {
        return check(ServiceChecks::drainedGracefully);
    }

    /**
     * Verifies that every request that was in the service's handlers at the signal was answered with its usual status
     * ({@link ServiceTest.Request#status()}) and its whole body.
     *
     * <pre>{@code
     * assertThat(run).finishedEveryRequestInFlight();
     * // fails with "f1 GET /work?millis=1500 (in flight, new connection): 200, then cut off after 512 of 1024 bytes,
     * //  1.0 s after the signal"
     * }</pre>
     *
     * @return this assertion object
     */
    public ServiceRunAssert finishedEveryRequestInFlight() {
        return check(ServiceChecks::finishedEveryRequestInFlight);
    }

    /**
     * Verifies that every request sent after the signal (and every request of the stream) got a clean answer under the
     * declared {@link NewRequests} policy, within {@link ServiceTest#answerWithinMillis()}: never cut off in the
     * middle, never left waiting. Each finding says whether the request came on a new or a kept-alive connection.
     *
     * <pre>{@code
     * assertThat(run).answeredNewRequestsCleanly();
     * // fails with "n1 GET /hello (after signal, new connection): no answer, sent 3 ms after the signal: left
     * //  waiting, with no answer within 5.0 s"
     * }</pre>
     *
     * @return this assertion object
     */
    public ServiceRunAssert answeredNewRequestsCleanly() {
        return check(ServiceChecks::answeredNewRequestsCleanly);
    }

    /**
     * Verifies that the declared {@link ServiceTest#readyUrl()} stopped answering 2xx between the signal and the exit
     * (a refused connection counts as not ready). Passes when the service exited before any probe after the signal.
     *
     * <pre>{@code
     * assertThat(run).turnedNotReady();
     * // fails with "its readiness answered ready to all 41 probes between the signal and the exit, 1.2 s later"
     * }</pre>
     *
     * @return this assertion object
     */
    public ServiceRunAssert turnedNotReady() {
        return check(ServiceChecks::turnedNotReady);
    }

    /**
     * Verifies that the process exited within its grace period ({@link ServiceTest#graceMillis()}), with one of the
     * accepted exit codes ({@link ServiceTest#exitCodes()}; by default 0 and 128 + the signal); a process that needed
     * SIGKILL fails it.
     *
     * <pre>{@code
     * assertThat(run).exitedWithinGrace();
     * // fails with "still running 30 s after SIGTERM, at the end of the grace period: signaltest sent SIGKILL"
     * }</pre>
     *
     * @return this assertion object
     */
    public ServiceRunAssert exitedWithinGrace() {
        return check(ServiceChecks::exitedWithinGrace);
    }

    /**
     * Verifies that the line declared in {@link ServiceTest#lastOutput()} reached the output after the signal: the
     * shutdown's last log lines were not lost.
     *
     * @return this assertion object
     * @throws IllegalStateException if the test declares no {@code lastOutput}
     */
    public ServiceRunAssert printedLastOutput() {
        String regex = service.policy()
                .lastOutput()
                .orElseThrow(() -> new IllegalStateException("printedLastOutput() checks the line of "
                        + "@ServiceTest(lastOutput = ...), which this test does not declare: declare it, or call "
                        + "printedLastOutput(regex)"));
        return printedLastOutput(regex);
    }

    /**
     * Verifies that a line matching {@code regex} reached the output after the signal.
     *
     * <pre>{@code
     * assertThat(run).printedLastOutput("service stopped");
     * // fails with "no line after the signal matches /service stopped/; the last was: ... service stopping"
     * }</pre>
     *
     * @param regex a regular expression, found anywhere in a line
     * @return this assertion object
     * @throws IllegalArgumentException if {@code regex} is not a regular expression
     */
    public ServiceRunAssert printedLastOutput(String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("printedLastOutput needs a regular expression: " + e.getMessage(), e);
        }
        return check(run -> ServiceChecks.printedLastOutput(run, regex));
    }

    /**
     * Verifies that the service's port could be bound again as soon as the process had exited.
     *
     * @return this assertion object
     */
    public ServiceRunAssert freedThePort() {
        return check(ServiceChecks::freedThePort);
    }

    /**
     * Verifies that no process the service started outlived it (signaltest kills and names any it finds).
     *
     * @return this assertion object
     */
    public ServiceRunAssert leftNoProcessBehind() {
        return check(ServiceChecks::leftNoProcessBehind);
    }

    private ServiceRunAssert check(Function<ServiceRun, CheckVerdict> rule) {
        isNotNull();
        CheckVerdict verdict = rule.apply(service);
        if (!verdict.passed()) {
            throw CheckFailure.of(info, verdict, service);
        }
        return myself;
    }
}
