package io.signaltest.junit.internal.report;

import io.signaltest.junit.service.Exchange;
import io.signaltest.junit.service.ServiceRun;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The service's part of a run's report: the port, readiness, the grace period, and every request as a row, with its
 * times counted from the signal.
 */
public final class ServiceReport {

    private ServiceReport() {}

    /** The service's facts, one per line, indented as the rest of the run's facts. */
    public static String facts(ServiceRun run) {
        String nl = System.lineSeparator();
        StringBuilder s = new StringBuilder();
        s.append("  port:      ")
                .append(run.port())
                .append(run.portFreeAfterExit() ? ", free after the exit" : ", still taken after the exit")
                .append(nl);
        s.append("  ready:     ")
                .append(ms(run.startToReady()))
                .append(" after the start")
                .append(nl);
        s.append("  grace:     ")
                .append(ms(run.policy().grace()))
                .append(
                        run.killedAfterGrace()
                                ? ", ran out: SIGKILL at its end"
                                : ", exited " + ms(run.signalToExit()) + " after the signal")
                .append(nl);
        run.policy()
                .readyUrl()
                .ifPresent(url -> s.append("  readiness: ")
                        .append(url)
                        .append(": ")
                        .append(run.turnedNotReady()
                                .map(at -> "not ready " + ms(at.minus(run.startToSignal())) + " after the signal")
                                .orElse("never seen not ready"))
                        .append(run.stillReadyWhileDraining()
                                .map(at -> ", still ready at " + ms(at.minus(run.startToSignal())))
                                .orElse(""))
                        .append(" (")
                        .append(run.readinessProbesAfterSignal())
                        .append(" probes after the signal)")
                        .append(nl));
        return s.toString();
    }

    /** The requests as a table, times counted from the (first) signal. */
    public static String requests(ServiceRun run) {
        List<Exchange> exchanges = run.exchanges();
        String nl = System.lineSeparator();
        if (exchanges.isEmpty()) {
            return "requests: (none sent)" + nl;
        }
        StringBuilder s = new StringBuilder("requests (times from the signal; - for none):").append(nl);
        s.append(String.format(
                Locale.ROOT,
                "    %-5s %-11s %-36s %-10s %9s %9s %9s  %s%n",
                "id",
                "role",
                "request",
                "connection",
                "sent",
                "entered",
                "ended",
                "outcome"));
        Duration signal = run.startToSignal();
        for (Exchange e : exchanges) {
            s.append(String.format(
                    Locale.ROOT,
                    "    %-5s %-11s %-36s %-10s %9s %9s %9s  %s%n",
                    e.id(),
                    e.role().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    cut(e.method() + " " + e.path(), 36),
                    e.connection() == Exchange.Connection.NEW ? "new" : "kept-alive",
                    relative(e.sent(), signal),
                    e.entered().map(at -> relative(at, signal)).orElse("-"),
                    relative(e.ended(), signal),
                    e.describeEnd()));
        }
        return s.toString();
    }

    private static String relative(Duration at, Duration signal) {
        long micros = at.minus(signal).toNanos() / 1_000;
        return String.format(Locale.ROOT, "%+.1f ms", micros / 1000.0);
    }

    private static String ms(Duration d) {
        return d.toMillis() >= 10_000
                ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                : d.toMillis() + " ms";
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
