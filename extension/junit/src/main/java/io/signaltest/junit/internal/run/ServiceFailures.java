package io.signaltest.junit.internal.run;

import io.signaltest.junit.internal.files.RequestFact;
import io.signaltest.junit.internal.service.LiveExchange;
import io.signaltest.junit.internal.service.ServiceSide;
import io.signaltest.junit.internal.service.ServiceSpec;
import io.signaltest.junit.service.ServiceTest;
import java.util.List;
import java.util.Optional;

/**
 * What can make a service's run fail before its checks, worded once: a service that never became ready, that would not
 * answer, or whose requests never showed in its handlers. The run's report below each message has the command, the
 * requests and the output's tail.
 */
final class ServiceFailures {

    private ServiceFailures() {}

    static RunFailure notReady(LiveRun run, ServiceSide side, long timeoutMillis) {
        return new RunFailure(
                "The service did not become ready within " + timeoutMillis + " ms: " + readiness(side) + ".",
                "Expected it to " + readyGoal(side.spec()) + " on port " + side.port() + ".",
                "Read its output below: a service that fails to start says why there. Check that it listens on the "
                        + "port the harness gives it through " + ServiceTest.PORT_PLACEHOLDER + " (the command below "
                        + "shows where it went), that the readiness URL or line is the service's own, and that it "
                        + "answers 2xx once ready; raise readyTimeoutMillis (or the configuration parameter "
                        + ServiceTest.READY_TIMEOUT_PROPERTY + ") only if it is merely slow to start.",
                RunFailure.End.DUMP_AND_STOP);
    }

    static RunFailure exitedBeforeReady(LiveRun run, ServiceSide side) {
        int code = run.child.exitCode();
        Optional<StartFailure.Reason> cannotStart = StartFailure.of(
                code, String.join("\n", run.child.stderr().captured().tail()));
        boolean portTaken = mentionsPort(run, side.port());
        String todo = cannotStart.isPresent()
                ? cannotStart.get().todo() + "; its output is below."
                : portTaken
                        ? "Its output says the port " + side.port() + " was in use: another process took the free port "
                                + "the harness picked before the service bound it. Run the test again; if it keeps "
                                + "happening, check that nothing on this machine binds ports in the ephemeral range."
                        : "Read its output below for why it stopped. Check its arguments in the command below "
                                + "(the port went in through " + ServiceTest.PORT_PLACEHOLDER + ").";
        return new RunFailure(
                "The service exited with code " + code + " before it was ready"
                        + cannotStart.map(r -> ": " + r.reason()).orElse("") + ".",
                "Expected it to " + readyGoal(side.spec()) + " on port " + side.port() + ", and to run until the "
                        + "signal.",
                todo,
                RunFailure.End.STOP);
    }

    static RunFailure exitedBeforeMoment(LiveRun run, String doing) {
        return new RunFailure(
                "The service exited with code " + run.child.exitCode() + " before the signal, while " + doing + ".",
                "Expected it to keep serving until the harness sent " + run.signalName() + ".",
                "Read its output below for why it stopped.",
                RunFailure.End.STOP);
    }

    static RunFailure warmUpFailed(LiveRun run, ServiceSide side, LiveExchange warmUp) {
        RequestFact fact = warmUp.fact();
        return new RunFailure(
                "The ready service did not answer " + warmUp.id() + " "
                        + warmUp.request().describe() + " with "
                        + warmUp.request().status() + ": " + end(fact) + ".",
                "Expected every request of newRequest (" + warmUp.request().describe() + ") to be answered with "
                        + warmUp.request().status() + " before the signal; the harness sends it first to open the "
                        + "kept-alive connections it uses after the signal.",
                "Name a quick request the service answers with its usual status in `newRequest` (its `status` "
                        + "says which), and check that the service is ready when its readiness says so.",
                RunFailure.End.STOP);
    }

    static RunFailure notInHandlers(LiveRun run, ServiceSide side, List<LiveExchange> inFlight) {
        ServiceSpec spec = side.spec();
        int shown = side.evidence().inHandlers(inFlight);
        String how = spec.inHandlerOutput()
                .map(p -> "a line matching /" + p.pattern() + "/")
                .orElse("a request_entered record of the agent");
        boolean none = !side.evidence().any();
        String noneAdvice = spec.inHandlerOutput().isPresent()
                ? "It showed none: check that " + how + " is what the service prints when a handler takes a "
                        + "request (its output is below), and that a group (?<id>...) captures the "
                        + ServiceTest.REQUEST_ID_HEADER + " header, or leave the group out to count lines."
                : "The agent saw no request enter a handler: it knows servlets (HttpServlet.service, as Tomcat and "
                        + "Jetty call it) and the JDK's HttpServer, and this service's server seems to be another "
                        + "(Netty, Reactor Netty, Vert.x); name the line the service prints when a handler takes a "
                        + "request with inHandlerOutput.";
        return new RunFailure(
                "The service showed " + shown + " of " + inFlight.size() + " requests "
                        + spec.request().describe()
                        + " in its handlers within " + run.scenario.momentTimeoutMillis() + " ms (the moment "
                        + "deadline).",
                "Expected " + how + " for each request in a handler, all " + inFlight.size() + " at once, before "
                        + run.signalName() + ".",
                none
                        ? noneAdvice
                        : "Its handlers seem to take fewer requests at once than request.count: a server with a "
                                + "single worker (the JDK's HttpServer without setExecutor runs its handlers one at a "
                                + "time) holds one; lower request.count, or give the server more threads.",
                RunFailure.End.DUMP_AND_STOP);
    }

    static RunFailure inFlightEndedEarly(LiveRun run, LiveExchange exchange, String when) {
        RequestFact fact = exchange.fact();
        return new RunFailure(
                "Request " + exchange.id() + " " + exchange.request().describe() + " ended (" + end(fact) + ") " + when
                        + ".",
                "Expected the requests of `request` to stay in the service's handlers until the signal"
                        + (run.invocation.moment().displayName().equals("DURING_DRAIN") ? " and into the drain" : "")
                        + ".",
                "Make them slower (a longer sleep or more work on the service's side: request.path), and give the "
                        + "time in request.expectedMillis.",
                RunFailure.End.STOP);
    }

    static RunFailure streamNotAnswered(LiveRun run, ServiceSide side) {
        return new RunFailure(
                "The service did not answer " + ServiceHarness.STREAM_ANSWERED_BEFORE_SIGNAL + " requests of the "
                        + "stream " + side.spec().newRequest().describe() + " within "
                        + run.scenario.momentTimeoutMillis() + " ms.",
                "Expected it to answer a request every " + ServiceHarness.STREAM_EVERY_MILLIS + " ms before "
                        + run.signalName() + ".",
                "Check that newRequest names a quick request the service answers with its usual status; the "
                        + "requests and their ends are below.",
                RunFailure.End.DUMP_AND_STOP);
    }

    static RunFailure drainNotShown(LiveRun run, ServiceSide side) {
        boolean url = side.readiness().isPresent();
        return new RunFailure(
                "The service did not show that it drains within " + run.scenario.momentTimeoutMillis()
                        + " ms of the first " + run.signalName()
                        + (url ? ": its readiness stayed ready" : ": its " + "port still took connections") + ".",
                "Expected " + (url ? "its readiness URL to turn not ready" : "its listener to close")
                        + " while the requests in flight finish, where the second " + run.signalName() + " was to go.",
                "A service that keeps serving on its own for a while after the signal (NewRequests.SERVED) shows "
                        + "its drain by its readiness: declare readyUrl. Otherwise leave DURING_DRAIN out of `at`.",
                RunFailure.End.DUMP_AND_STOP);
    }

    private static String readyGoal(ServiceSpec spec) {
        String url = spec.readyUrl().map(u -> "answer 2xx at " + u).orElse("");
        String line = spec.readyOutput()
                .map(p -> "print a line matching /" + p.pattern() + "/")
                .orElse("");
        return url.isEmpty() ? line : line.isEmpty() ? url : url + " and " + line;
    }

    private static String readiness(ServiceSide side) {
        String url = side.readiness()
                .map(r -> {
                    var last = r.tick();
                    return r.uri() + " last answered " + (last == null ? "nothing yet" : last.answer());
                })
                .orElse("");
        String line = side.spec()
                .readyOutput()
                .map(p -> side.readyLineSeen() ? "the ready line came" : "no line matched /" + p.pattern() + "/")
                .orElse("");
        return url.isEmpty() ? line : line.isEmpty() ? url : url + "; " + line;
    }

    private static boolean mentionsPort(LiveRun run, int port) {
        String text = String.join("\n", run.child.stdout().captured().tail()) + "\n"
                + String.join("\n", run.child.stderr().captured().tail());
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return text.contains(Integer.toString(port))
                && (lower.contains("in use") || lower.contains("already bound") || lower.contains("bindexception"));
    }

    private static String end(RequestFact fact) {
        return switch (fact.outcome()) {
                    case ANSWERED -> "answered " + fact.status();
                    case CUT_OFF -> fact.status() + ", then cut off after " + fact.bytes() + " bytes";
                    case CLOSED_BEFORE_ANSWER -> "connection closed before any answer";
                    case REFUSED -> "connection refused";
                    case NO_ANSWER -> "no answer";
                }
                + (fact.detail().isEmpty() ? "" : " (" + fact.detail() + ")");
    }
}
