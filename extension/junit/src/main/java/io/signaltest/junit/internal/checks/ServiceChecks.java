package io.signaltest.junit.internal.checks;

import static io.signaltest.junit.internal.checks.CheckSupport.codeName;

import io.signaltest.junit.internal.findings.Finding;
import io.signaltest.junit.service.Exchange;
import io.signaltest.junit.service.NewRequests;
import io.signaltest.junit.service.ServiceRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The checks of a service's drain, from the client's side and the orchestrator's: the requests in flight at the signal,
 * the requests that came after it, readiness, the exit within the grace period, the last lines of output, the port and
 * the processes left. Each is a plain function from a run to a {@link CheckVerdict}.
 */
public final class ServiceChecks {

    /** A request cut within this long after the signal was cut by a server that did not wait at all. */
    private static final Duration AT_ONCE = Duration.ofMillis(500);

    private ServiceChecks() {}

    public static CheckVerdict finishedEveryRequestInFlight(ServiceRun run) {
        int status = run.policy().inFlightStatus();
        CheckVerdict v = CheckVerdict.expecting(
                "every request in flight at the signal to be answered with " + status + " and its whole body");
        List<Exchange> cut = new ArrayList<>();
        for (Exchange e : run.exchanges()) {
            if (e.role() == Exchange.Role.IN_FLIGHT && !e.answeredWith(status)) {
                cut.add(e);
                v.finding(e.describe() + ", " + afterSignal(run, e.ended()) + inHandler(run, e));
            }
        }
        if (cut.isEmpty()) {
            return v;
        }
        if (run.killedAfterGrace()) {
            v.hint("the service was still running at the end of its grace period, and SIGKILL ended the requests "
                    + "with it: see why it did not exit (exitedWithinGrace)");
        } else if (cut.stream().allMatch(e -> sinceSignal(run, e.ended()).compareTo(AT_ONCE) <= 0)) {
            v.hint("the server stopped at once, without waiting for the requests in its handlers: let it drain "
                    + "(Spring Boot: server.shutdown=graceful, the default since 3.4; the JDK's HttpServer: "
                    + "stop(delay) with a delay longer than the slowest request, not stop(0))");
        } else {
            Duration at = cut.stream()
                    .map(e -> sinceSignal(run, e.ended()))
                    .min(Duration::compareTo)
                    .orElseThrow();
            v.hint("the drain ended " + CheckSupport.duration(at) + " after the signal, before these requests were "
                    + "done: a shutdown deadline shorter than the slowest request (Spring Boot: "
                    + "spring.lifecycle.timeout-per-shutdown-phase; the JDK's HttpServer: the delay of stop); give it "
                    + "more than the slowest request, and less than the grace period");
        }
        return v;
    }

    public static CheckVerdict answeredNewRequestsCleanly(ServiceRun run) {
        ServiceRun.Policy policy = run.policy();
        boolean served = policy.newRequests() == NewRequests.SERVED;
        CheckVerdict v = CheckVerdict.expecting("every request after the signal to get a clean answer within "
                + CheckSupport.duration(policy.answerWithin())
                + (served
                        ? ": served with " + policy.newRequestStatus() + " for "
                                + CheckSupport.duration(policy.servedFor())
                                + " after the signal, then served or refused"
                        : ": served whole, or refused (a refused or closed connection, or 503)")
                + ", never cut off and never left waiting");
        int usual = policy.newRequestStatus();
        for (Exchange e : run.exchanges()) {
            if (e.role() != Exchange.Role.AFTER_SIGNAL && e.role() != Exchange.Role.STREAM) {
                continue;
            }
            boolean afterSignal = e.sent().compareTo(run.startToSignal()) >= 0;
            Duration sent = sinceSignal(run, e.sent());
            String when = afterSignal ? ", sent " + CheckSupport.duration(sent) + " after the signal" : "";
            switch (e.outcome()) {
                case CUT_OFF -> v.finding(e.describe() + when + ": cut off in the middle of its answer");
                case NO_ANSWER ->
                    v.finding(e.describe() + when + ": left waiting, with no answer within "
                            + CheckSupport.duration(policy.answerWithin()));
                case ANSWERED -> {
                    if (e.status() != usual && e.status() != 503) {
                        v.finding(e.describe() + when + ": neither its usual answer (" + usual + ") nor a refusal "
                                + "(503)");
                    } else if (served && afterSignal && e.status() == 503 && sent.compareTo(policy.servedFor()) < 0) {
                        v.finding(e.describe() + when + ": refused within the "
                                + CheckSupport.duration(policy.servedFor())
                                + " in which the service is to go on serving");
                    }
                }
                case REFUSED, CLOSED_BEFORE_ANSWER -> {
                    if (served && afterSignal && sent.compareTo(policy.servedFor()) < 0) {
                        v.finding(e.describe() + when + ": refused within the "
                                + CheckSupport.duration(policy.servedFor())
                                + " in which the service is to go on serving");
                    }
                }
            }
        }
        if (!v.passed()) {
            String servedHint = "while its load balancer has not yet noticed, the service must go on serving: keep "
                    + "the listener open and answer every request for servedFor after the signal (Spring Boot: a "
                    + "pre-stop delay before the graceful shutdown), then drain";
            String refusedHint = "a stopping service must close its listener, or answer 503 at once; an answer cut "
                    + "off, or a connection kept open without an answer, is what a client cannot retry safely";
            v.hint(served ? servedHint : refusedHint);
        }
        return v;
    }

    public static CheckVerdict turnedNotReady(ServiceRun run) {
        Optional<String> url = run.policy().readyUrl();
        CheckVerdict v = CheckVerdict.expecting(
                "the readiness URL " + url.orElse("(none declared)") + " to turn not ready while the service drains");
        if (url.isEmpty()) {
            v.finding("the test declares no readyUrl, so there is no readiness to check");
            v.hint("name the service's readiness URL in @ServiceTest(readyUrl = ...)");
            return v;
        }
        // Ready later than a second after the signal, and in the second half of the drain: a service that says it is
        // ready while it drains, not one whose runtime saw the signal late on a busy machine and then turned at once.
        Optional<Duration> stillReady = run.stillReadyWhileDraining()
                .filter(at -> sinceSignal(run, at).multipliedBy(2).compareTo(run.signalToExit()) >= 0);
        if (stillReady.isPresent()) {
            v.finding("its readiness still answered ready to a probe sent "
                    + CheckSupport.duration(sinceSignal(run, stillReady.get())) + " after the signal"
                    + run.turnedNotReady()
                            .map(at -> ", after it had first answered not ready "
                                    + CheckSupport.duration(sinceSignal(run, at)) + " after it")
                            .orElse(" (" + run.readinessProbesAfterSignal()
                                    + " probes between the signal and the exit, " + "none of them not ready)"));
            v.hint("an orchestrator keeps sending traffic to a service that says it is ready: turn readiness to not "
                    + "ready as the shutdown starts, within a second of the signal (Spring Boot does, with its health "
                    + "probes and graceful shutdown), or close the listener");
        }
        return v;
    }

    public static CheckVerdict exitedWithinGrace(ServiceRun run) {
        ServiceRun.Policy policy = run.policy();
        String codes =
                policy.exitCodes().stream().sorted().map(CheckSupport::codeName).collect(Collectors.joining(" or "));
        CheckVerdict v = CheckVerdict.expecting("the service to exit within its grace period of "
                + CheckSupport.duration(policy.grace()) + ", with exit code " + codes);
        if (run.killedAfterGrace()) {
            v.finding("still running " + CheckSupport.duration(policy.grace()) + " after "
                    + run.signal().displayName() + ", at the end of the grace period: signaltest sent SIGKILL, as an "
                    + "orchestrator does (exit code " + codeName(run.exitCode()) + ")");
            v.hint("something in the shutdown waits forever: a shutdown hook or @PreDestroy method that calls "
                    + "System.exit (it waits for the hooks, which wait for it: the JVM hangs), a non-daemon thread "
                    + "that never ends, or a drain deadline longer than the grace period; the thread dump of a "
                    + "hanging JVM shows which");
        } else if (!policy.exitCodes().contains(run.exitCode())) {
            v.finding("exit code " + codeName(run.exitCode()) + ", expected " + codes);
            v.hint("a service stopped by " + run.signal().displayName() + " exits with 128 + the signal's number "
                    + "(the JVM does so when the shutdown hooks return) or 0; declare other codes in exitCodes");
        }
        return v;
    }

    public static CheckVerdict printedLastOutput(ServiceRun run, String regex) {
        Pattern pattern = Pattern.compile(regex);
        CheckVerdict v = CheckVerdict.expecting(
                "the service to print a line matching /" + regex + "/ on its way out, after the signal");
        List<String> after = run.outputAfterTheSignal();
        if (after.stream().noneMatch(line -> pattern.matcher(line).find())) {
            v.finding("no line after the signal matches /" + regex + "/"
                    + (after.isEmpty()
                            ? ": the service printed nothing after it"
                            : "; the last was: " + after.get(after.size() - 1)));
            v.hint("the last lines of a shutdown are lost when logging stops before the application does: an "
                    + "asynchronous appender flushed by the logging system's own shutdown hook (logback's "
                    + "shutdownHook, log4j's shutdownHook), which runs beside the application's hooks; let the "
                    + "application stop its logging last (Spring Boot does, with its own logging shutdown hook)");
        }
        return v;
    }

    public static CheckVerdict freedThePort(ServiceRun run) {
        CheckVerdict v = CheckVerdict.expecting("port " + run.port() + " to be free once the service has exited");
        if (!run.portFreeAfterExit()) {
            v.finding("port " + run.port() + " was still taken as the service exited"
                    + (run.processesLeftBehind().isEmpty()
                            ? ""
                            : ", with processes of it still running: " + String.join("; ", run.processesLeftBehind())));
            v.hint("a process the service started still listens on its port, and would keep the next instance "
                    + "from starting: stop what the service starts as it stops");
        }
        return v;
    }

    public static CheckVerdict leftNoProcessBehind(ServiceRun run) {
        return ExitChecks.leftNoProcessBehind(
                run,
                CheckVerdict.expecting("no process of the service to outlive it"),
                "service",
                "a service must stop the processes it starts before it exits; in a container they would be "
                        + "killed with it, half done");
    }

    /** The whole contract of a drain at once: every check that applies to the run, all findings in one verdict. */
    public static CheckVerdict drainedGracefully(ServiceRun run) {
        return drainedGracefully(run, List.of());
    }

    /**
     * The drain's contract and {@code more} checks of the same run (the service's background work, say) in one verdict:
     * a failure of one does not hide another's findings.
     */
    public static CheckVerdict drainedGracefully(ServiceRun run, List<CheckVerdict> more) {
        List<CheckVerdict> checks = new ArrayList<>();
        checks.add(finishedEveryRequestInFlight(run));
        checks.add(answeredNewRequestsCleanly(run));
        if (run.policy().readyUrl().isPresent()) {
            checks.add(turnedNotReady(run));
        }
        checks.add(exitedWithinGrace(run));
        run.policy().lastOutput().ifPresent(regex -> checks.add(printedLastOutput(run, regex)));
        checks.add(freedThePort(run));
        checks.add(leftNoProcessBehind(run));
        checks.addAll(more);
        CheckVerdict all = CheckVerdict.expecting("the service to drain gracefully after "
                + run.signal().displayName() + (run.signalsSent() > 1 ? " x" + run.signalsSent() : "") + " at "
                + run.moment());
        Set<String> seen = new LinkedHashSet<>();
        List<String> hints = new ArrayList<>();
        for (CheckVerdict check : checks) {
            for (Finding finding : check.findings()) {
                if (seen.add(finding.what())) {
                    all.finding(finding);
                }
            }
            all.moreFindings(check.findingCount() - check.findings().size());
            if (!check.passed()) {
                check.hint().ifPresent(hints::add);
            }
        }
        if (!hints.isEmpty()) {
            all.hint(String.join(Stream.of(System.lineSeparator(), "hint: ").collect(Collectors.joining()), hints));
        }
        run.warnings().forEach(all::warning);
        return all;
    }

    private static Duration sinceSignal(ServiceRun run, Duration at) {
        Duration d = at.minus(run.startToSignal());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String afterSignal(ServiceRun run, Duration at) {
        Duration d = at.minus(run.startToSignal());
        return d.isNegative()
                ? CheckSupport.duration(d.negated()) + " before the signal"
                : CheckSupport.duration(d) + " after the signal";
    }

    private static String inHandler(ServiceRun run, Exchange e) {
        return e.entered()
                .map(at -> " (in the handler from "
                        + afterSignal(run, at)
                                .replace("after the signal", "after it")
                                .replace("before the signal", "before the signal")
                        + ")")
                .orElse("");
    }
}
