package io.signaltest.junit.internal.report;

import io.signaltest.junit.internal.files.RequestFact;
import io.signaltest.junit.service.Exchange;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.LongToDoubleFunction;

/**
 * The lanes of a service's requests in a run's picture: each request a bar from when it left to when it ended, coloured
 * by how it ended, with a tick where the service showed it in a handler.
 */
final class RequestLanes {

    private static final int LABELS = RunPicture.LABELS;
    private static final int LANE = RunPicture.LANE;
    private static final int BAR = RunPicture.BAR;

    private final StringBuilder svg;
    private final LongToDoubleFunction x;
    private final LongFunction<String> ms;
    private final long end;
    private final int plotWidth;

    /**
     * @param x where an instant of the monotonic clock is on the picture
     * @param ms an instant as text, counted from the picture's origin
     * @param end the picture's last instant, where a request that never ended stops
     */
    RequestLanes(StringBuilder svg, LongToDoubleFunction x, LongFunction<String> ms, long end, int plotWidth) {
        this.svg = svg;
        this.x = x;
        this.ms = ms;
        this.end = end;
        this.plotWidth = plotWidth;
    }

    /**
     * A lane of requests: each a bar from when it left to when it ended, coloured by how it ended, with a tick where
     * the service showed it in a handler.
     */
    void lane(int y, String label, List<RequestFact> requests) {
        svg.append(String.format(
                Locale.ROOT,
                "<g class=\"request-lane\"><rect class=\"lane-bg\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                        + "<text class=\"lane-label\" x=\"%d\" y=\"%d\">%s</text>%n",
                LABELS,
                y,
                plotWidth,
                LANE,
                LABELS - 8,
                y + LANE / 2 + 4,
                Html.escape(label)));
        double top = y + (LANE - BAR) / 2.0;
        for (RequestFact r : requests) {
            if (r.sentNanos() < 0) {
                continue;
            }
            double x0 = x.applyAsDouble(r.sentNanos());
            double x1 = Math.max(x.applyAsDouble(r.endedNanos() >= 0 ? r.endedNanos() : end), x0 + 2);
            svg.append(String.format(
                    Locale.ROOT,
                    "<g class=\"request\" data-request=\"%s\"><title>%s</title>"
                            + "<rect class=\"req %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>",
                    Html.escape(r.id()),
                    Html.escape(requestTitle(r)),
                    r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    x0,
                    top,
                    x1 - x0,
                    BAR));
            if (r.enteredNanos() >= 0) {
                double xe = x.applyAsDouble(r.enteredNanos());
                svg.append(String.format(
                        Locale.ROOT,
                        "<line class=\"entered\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                        xe,
                        top - 2,
                        xe,
                        top + BAR + 2));
            }
            if (requests.size() == 1 && x1 - x0 >= 60) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<text class=\"bar-label\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                        x0 + 5,
                        top + BAR / 2.0 + 4,
                        Html.escape(shortEnd(r))));
            }
            svg.append("</g>\n");
        }
        svg.append("</g>\n");
    }

    private String requestTitle(RequestFact r) {
        StringBuilder s = new StringBuilder();
        s.append(r.id())
                .append(' ')
                .append(r.method())
                .append(' ')
                .append(r.path())
                .append(" (")
                .append(r.connection() == Exchange.Connection.NEW ? "new connection" : "kept-alive connection")
                .append("): sent at ")
                .append(ms.apply(r.sentNanos()));
        if (r.enteredNanos() >= 0) {
            s.append(", in the handler at ").append(ms.apply(r.enteredNanos()));
        }
        if (r.endedNanos() >= 0) {
            s.append(", ended at ").append(ms.apply(r.endedNanos()));
        }
        s.append(": ").append(shortEnd(r));
        if (!r.detail().isEmpty()) {
            s.append(" (").append(r.detail()).append(')');
        }
        return s.toString();
    }

    private static String shortEnd(RequestFact r) {
        return switch (r.outcome()) {
            case ANSWERED -> Integer.toString(r.status());
            case CUT_OFF -> r.status() + ", cut off";
            case CLOSED_BEFORE_ANSWER -> "closed";
            case REFUSED -> "refused";
            case NO_ANSWER -> "no answer";
        };
    }
}
