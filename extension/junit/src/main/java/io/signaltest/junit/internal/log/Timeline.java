package io.signaltest.junit.internal.log;

import io.signaltest.junit.LogRecord;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders log records as a readable timeline, one record a line: {@code " +12.345 ms #17 task_started task=4 slot=2"}.
 * Records of interest are marked with {@code >}; a long log keeps the landmarks and the records around the marked ones.
 */
public final class Timeline {

    /** A log with at most this many records is shown whole. */
    static final int WHOLE_LIMIT = 60;

    private static final int CONTEXT = 2;
    /**
     * Below this many nanoseconds (11 days), {@link #millis} computes exactly what formatting the double would show.
     */
    private static final long EXACT_NANOS = 1_000_000_000_000_000L;

    private static final Set<String> LANDMARKS = Set.of(
            LogEvents.RUN_STARTED,
            LogEvents.SIGNAL_IGNORED,
            "moment",
            LogEvents.MOMENT_MISSED,
            LogEvents.SIGNAL_RECEIVED,
            LogEvents.HOLD_RELEASED,
            LogEvents.RUN_CANCELLING,
            LogEvents.ESCALATED,
            LogEvents.HARNESS_GONE,
            LogEvents.RUN_FINISHED,
            "exit");

    private Timeline() {}

    /** Every record of the log, however many, one a line. */
    public static String everyRecord(List<LogRecord> records) {
        if (records.isEmpty()) {
            return render(records, Set.of());
        }
        long origin = records.get(0).tNanos();
        StringBuilder s = new StringBuilder();
        records.forEach(r -> s.append("    ").append(line(r, origin)).append(System.lineSeparator()));
        return s.toString();
    }

    /** The whole log (or its landmarks, when long), with {@code marked} records flagged. */
    public static String render(List<LogRecord> records, Collection<LogRecord> marked) {
        if (records.isEmpty()) {
            return "    (no log records)\n";
        }
        Set<Integer> shown = new TreeSet<>();
        if (records.size() <= WHOLE_LIMIT) {
            for (int i = 0; i < records.size(); i++) {
                shown.add(i);
            }
        } else {
            for (int i = 0; i < records.size(); i++) {
                LogRecord r = records.get(i);
                if (marked.contains(r)) {
                    for (int j = Math.max(0, i - CONTEXT); j <= Math.min(records.size() - 1, i + CONTEXT); j++) {
                        shown.add(j);
                    }
                } else if (LANDMARKS.contains(r.event()) || i < 3 || i >= records.size() - 3) {
                    shown.add(i);
                }
            }
        }
        long origin = records.get(0).tNanos();
        StringBuilder out = new StringBuilder();
        int previous = -1;
        for (int i : shown) {
            if (i > previous + 1) {
                out.append(String.format(Locale.ROOT, "    ... %,d records ...%n", i - previous - 1));
            }
            LogRecord r = records.get(i);
            out.append(marked.contains(r) ? "  > " : "    ")
                    .append(line(r, origin))
                    .append(System.lineSeparator());
            previous = i;
        }
        if (previous < records.size() - 1) {
            out.append(String.format(Locale.ROOT, "    ... %,d records ...%n", records.size() - 1 - previous));
        }
        return out.toString();
    }

    /**
     * One record as a timeline line, its time relative to {@code originNanos}: as {@code String.format("%+10.3f ms
     * #%-5d %-28s", millis, seq, event)} would write it, without parsing a format for every record (that took the test
     * JVM most of the time it spent on timelines).
     */
    public static String line(LogRecord r, long originNanos) {
        StringBuilder s = new StringBuilder(128);
        padLeft(s, millis(r.tNanos() - originNanos), 10);
        s.append(" ms  #");
        padRight(s, Long.toString(r.seq()), 5);
        s.append(' ');
        padRight(s, String.valueOf(r.event()), 28);
        for (Map.Entry<String, Object> field : r.details().entrySet()) {
            s.append(' ').append(field.getKey()).append('=').append(field.getValue());
        }
        return s.toString().stripTrailing();
    }

    /** {@code nanos} in milliseconds with a sign and three decimals, rounded half away from zero. */
    static String millis(long nanos) {
        if (Math.abs(nanos) >= EXACT_NANOS || nanos == Long.MIN_VALUE) {
            return String.format(Locale.ROOT, "%+.3f", nanos / 1e6); // where a double no longer holds every nanosecond
        }
        long micros = (Math.abs(nanos) + 500) / 1000;
        long fraction = micros % 1000;
        return (nanos < 0 ? "-" : "+")
                + micros / 1000
                + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".")
                + fraction;
    }

    private static void padLeft(StringBuilder s, String text, int width) {
        s.append(" ".repeat(Math.max(0, width - text.length()))).append(text);
    }

    private static void padRight(StringBuilder s, String text, int width) {
        s.append(text).append(" ".repeat(Math.max(0, width - text.length())));
    }
}
