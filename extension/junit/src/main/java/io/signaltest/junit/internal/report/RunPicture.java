package io.signaltest.junit.internal.report;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A picture of one run, drawn from its cleanup log as inline SVG: one lane per slot with a bar
 * per task (running, then cleaning up), the queue above them, the moment, each signal as a
 * marker and the exit, on one time axis from the run's start. A person sees at a glance where
 * the signal hit and which cleanup was cut short.
 *
 * <p>The elements carry classes that the page's style sheet colours and that tests count:
 * {@code lane} (one per slot), {@code task} (one per started task), {@code signal},
 * {@code moment}, {@code exit}, {@code queue}.
 */
public final class RunPicture {

    static final int WIDTH = 860;
    private static final int LABELS = 70;
    private static final int RIGHT = 70;
    private static final int HEADER_ROW = 15;
    private static final int HEADER_ROWS = 4;
    private static final int HEADER = HEADER_ROW * HEADER_ROWS + 10;
    private static final int LANE = 30;
    private static final int BAR = 20;
    private static final int AXIS = 26;
    private static final double CHAR = 7.2;

    private RunPicture() {
    }

    /** The picture of {@code log}; {@code exitCode} labels the exit when the log has no {@code exit} record. */
    public static String svg(CleanupLog log, OptionalInt exitCode) {
        return new Drawing(log, exitCode).draw();
    }

    /** The key to the picture's colours, as HTML. */
    public static String legend() {
        return """
                <div class="legend">
                  <span><i class="key running"></i>running</span>
                  <span><i class="key running cancelled"></i>cancelled while running (&#x2715;)</span>
                  <span><i class="key cleanup"></i>cleaning up</span>
                  <span><i class="key cleanup cut-short"></i>cleanup cut short</span>
                  <span><i class="key cleanup failed"></i>cleanup failed</span>
                  <span><i class="key cleanup overran"></i>cleanup overran its deadline</span>
                  <span><i class="key queue"></i>tasks waiting for a slot</span>
                  <span><i class="key moment"></i>moment</span>
                  <span><i class="key signal"></i>signal</span>
                  <span><i class="key exit"></i>exit</span>
                </div>
                """;
    }

    /** What the log says about one task. Times are nanoseconds of the log's clock; -1 when absent. */
    private static final class Task {
        final int id;
        String name = "";
        long queued = -1;
        long started = -1;
        int slot;
        long cleanupStarted = -1;
        long cleanupEnded = -1;
        boolean cleanupFailed;
        boolean overran;
        boolean abandoned;
        long neverStarted = -1;
        String terminal = "";
        long terminalAt = -1;

        Task(int id) {
            this.id = id;
        }

        boolean cancelled() {
            return terminal.equals("task_cancelled");
        }
    }

    private record Mark(long t, String kind, String label, String title) {
    }

    private static final class Drawing {
        private final CleanupLog log;
        private final OptionalInt exitCode;
        private final Map<Integer, Task> tasks = new TreeMap<>();
        private final List<Mark> marks = new ArrayList<>();
        private final StringBuilder svg = new StringBuilder();
        /** The log's first record: tick labels count from here, as timeline.txt does. */
        private long origin;
        /** Where the picture begins: the first task, moment or signal, when a long quiet start would squeeze it. */
        private long start;
        private long end;
        private int slots;
        private int plotWidth;
        private int lanesTop;

        Drawing(CleanupLog log, OptionalInt exitCode) {
            this.log = log;
            this.exitCode = exitCode;
        }

        String draw() {
            List<LogRecord> records = log.records();
            origin = records.get(0).tNanos();
            end = records.get(records.size() - 1).tNanos();
            read(records);
            start = records.stream()
                    .filter(r -> r.event().startsWith("task_") || r.is("moment") || r.is("signal_received"))
                    .mapToLong(LogRecord::tNanos).min().orElse(origin);
            if (start - origin < (end - origin) / 10) {
                start = origin;
            }
            plotWidth = WIDTH - LABELS - RIGHT;
            lanesTop = HEADER + LANE;
            int height = lanesTop + slots * LANE + AXIS;
            svg.append(String.format(Locale.ROOT,
                    "<svg class=\"run-picture\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                            + "height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
                    WIDTH, height, WIDTH, height, Html.escape(summary())));
            lanes();
            queue();
            for (Task task : tasks.values()) {
                bar(task);
            }
            axis(height - AXIS);
            markers(height - AXIS);
            svg.append("</svg>\n");
            return svg.toString();
        }

        private void read(List<LogRecord> records) {
            boolean exitRecorded = false;
            for (LogRecord r : records) {
                long t = r.tNanos();
                switch (r.event()) {
                    case "run_started" -> slots = Math.max(slots, (int) r.number("max_concurrent").orElse(0));
                    case "task_queued" -> {
                        Task task = task(r);
                        task.queued = t;
                        task.name = r.text("name").orElse("");
                    }
                    case "task_started" -> {
                        Task task = task(r);
                        task.started = t;
                        task.slot = (int) r.number("slot").orElse(0);
                        slots = Math.max(slots, task.slot);
                    }
                    case "cleanup_started" -> task(r).cleanupStarted = t;
                    case "cleanup_finished", "cleanup_failed" -> {
                        Task task = task(r);
                        task.cleanupEnded = t;
                        task.cleanupFailed = r.is("cleanup_failed");
                        task.overran |= r.flag("overran");
                    }
                    case "cleanup_overrun" -> task(r).overran = true;
                    case "cleanup_abandoned" -> task(r).abandoned = true;
                    case "task_completed", "task_failed", "task_cancelled" -> {
                        Task task = task(r);
                        task.terminal = r.event();
                        task.terminalAt = t;
                    }
                    case "task_cancelled_before_start" -> task(r).neverStarted = t;
                    case "moment" -> marks.add(new Mark(t, "moment", r.text("moment").orElse("moment"),
                            "moment " + r.text("moment").orElse("?") + " reached and held"));
                    case "signal_received" -> {
                        String name = "SIG" + r.text("signal").orElse("?");
                        long count = r.number("count").orElse(1);
                        String action = r.text("action").orElse("");
                        marks.add(new Mark(t, "signal", count > 1 ? name + " #" + count : name,
                                name + " received (" + (count > 1 ? "signal " + count + ", " : "") + action + ")"));
                    }
                    case "exit" -> {
                        exitRecorded = true;
                        String code = r.number("code").isPresent() ? Long.toString(r.number("code").getAsLong()) : "?";
                        marks.add(new Mark(t, "exit", "exit " + code, "the program exits with code " + code));
                    }
                    default -> {
                        // other records do not change the picture; timeline.txt lists them all
                    }
                }
            }
            if (!exitRecorded) {
                String label = exitCode.isPresent() ? "exit " + exitCode.getAsInt() : "end of log";
                marks.add(new Mark(end, "exit", label, exitCode.isPresent()
                        ? "the log ends here; the process exited with code " + exitCode.getAsInt()
                        : "the log ends here"));
            }
            slots = Math.max(slots, 1);
        }

        private Task task(LogRecord r) {
            int id = r.task().orElse(0);
            return tasks.computeIfAbsent(id, Task::new);
        }

        private String summary() {
            long started = tasks.values().stream().filter(t -> t.started >= 0).count();
            long never = tasks.values().stream().filter(t -> t.neverStarted >= 0).count();
            long signals = marks.stream().filter(m -> m.kind().equals("signal")).count();
            return String.format(Locale.ROOT, "run of %d tasks in %d slots: %d started, %d never started, %d signals",
                    tasks.size(), slots, started, never, signals);
        }

        private double x(long t) {
            long span = Math.max(end - start, 1_000_000);
            return LABELS + (double) (t - start) / span * plotWidth;
        }

        private void lanes() {
            svg.append(String.format(Locale.ROOT, "<g class=\"queue-lane\"><text class=\"lane-label\" x=\"%d\" y=\"%d\">"
                    + "queue</text></g>%n", LABELS - 8, HEADER + LANE / 2 + 4));
            for (int slot = 1; slot <= slots; slot++) {
                int y = lanesTop + (slot - 1) * LANE;
                svg.append(String.format(Locale.ROOT, "<g class=\"lane\" data-slot=\"%d\"><rect class=\"lane-bg\" x=\"%d\" "
                        + "y=\"%d\" width=\"%d\" height=\"%d\"/><text class=\"lane-label\" x=\"%d\" y=\"%d\">slot %d</text>"
                        + "</g>%n", slot, LABELS, y, plotWidth, LANE, LABELS - 8, y + LANE / 2 + 4, slot));
            }
        }

        /** The number of tasks waiting for a slot over time, as a step area in the queue lane. */
        private void queue() {
            TreeMap<Long, Integer> changes = new TreeMap<>();
            for (Task task : tasks.values()) {
                if (task.queued < 0) {
                    continue;
                }
                long left = task.started >= 0 ? task.started : task.neverStarted >= 0 ? task.neverStarted : end;
                changes.merge(task.queued, 1, Integer::sum);
                changes.merge(left, -1, Integer::sum);
            }
            int waiting = 0;
            int most = 0;
            for (int change : changes.values()) {
                waiting += change;
                most = Math.max(most, waiting);
            }
            if (most == 0) {
                return;
            }
            double bottom = HEADER + LANE - 4;
            double unit = Math.min(5.0, (LANE - 8.0) / most);
            StringBuilder path = new StringBuilder(String.format(Locale.ROOT, "M%.1f %.1f", x(changes.firstKey()), bottom));
            waiting = 0;
            for (Map.Entry<Long, Integer> change : changes.entrySet()) {
                double at = x(change.getKey());
                path.append(String.format(Locale.ROOT, " L%.1f %.1f", at, bottom - waiting * unit));
                waiting += change.getValue();
                path.append(String.format(Locale.ROOT, " L%.1f %.1f", at, bottom - waiting * unit));
            }
            path.append(String.format(Locale.ROOT, " L%.1f %.1f Z", x(changes.lastKey()), bottom));
            svg.append("<path class=\"queue\" d=\"").append(path).append("\"><title>tasks waiting for a slot (at most ")
                    .append(most).append(")</title></path>\n");
            long never = tasks.values().stream().filter(t -> t.neverStarted >= 0).count();
            if (never > 0) {
                long at = tasks.values().stream().filter(t -> t.neverStarted >= 0).mapToLong(t -> t.neverStarted).min()
                        .orElse(end);
                String text = never + (never == 1 ? " task never started" : " tasks never started");
                double tx = Math.min(x(at) + 6, WIDTH - RIGHT - text.length() * CHAR);
                svg.append(String.format(Locale.ROOT, "<text class=\"queue-note\" x=\"%.1f\" y=\"%.1f\">%s</text>%n",
                        tx, bottom - 8, Html.escape(text)));
            }
        }

        private void bar(Task task) {
            if (task.started < 0 || task.slot < 1) {
                return;
            }
            double y = lanesTop + (task.slot - 1) * LANE + (LANE - BAR) / 2.0;
            long runEnd = task.cleanupStarted >= 0 ? task.cleanupStarted : task.terminalAt >= 0 ? task.terminalAt : end;
            svg.append("<g class=\"task\" data-task=\"").append(task.id).append("\">");
            svg.append("<title>").append(Html.escape(taskTitle(task))).append("</title>");
            double x0 = x(task.started);
            double x1 = Math.max(x(runEnd), x0 + 2);
            svg.append(String.format(Locale.ROOT, "<rect class=\"running%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>",
                    task.cancelled() ? " cancelled" : "", x0, y, x1 - x0, BAR));
            String label = x1 - x0 >= 48 ? "task " + task.id : x1 - x0 >= 16 ? Integer.toString(task.id) : "";
            if (!label.isEmpty()) {
                svg.append(String.format(Locale.ROOT, "<text class=\"bar-label\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                        x0 + 5, y + BAR / 2.0 + 4, label));
            }
            if (task.cleanupStarted >= 0) {
                boolean cutShort = task.cleanupEnded < 0;
                String kind = cutShort ? " cut-short" : task.cleanupFailed ? " failed" : task.overran ? " overran" : "";
                double c0 = x(task.cleanupStarted);
                double c1 = Math.max(x(cutShort ? end : task.cleanupEnded), c0 + 3);
                svg.append(String.format(Locale.ROOT, "<rect class=\"cleanup%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>",
                        kind, c0, y, c1 - c0, BAR));
                if (cutShort) {
                    // a cut-short cleanup lasts to the end of the log, so its note goes in the margin after it
                    svg.append(String.format(Locale.ROOT, "<text class=\"bar-note\" x=\"%.1f\" y=\"%.1f\">cut short</text>",
                            c1 + 5, y + BAR / 2.0 + 4));
                }
            }
            if (task.cancelled()) {
                svg.append(String.format(Locale.ROOT, "<text class=\"cancel-mark\" x=\"%.1f\" y=\"%.1f\">&#x2715;</text>",
                        x1 - 1, y - 1));
            }
            svg.append("</g>\n");
        }

        private String taskTitle(Task task) {
            StringBuilder s = new StringBuilder("task ").append(task.id);
            if (!task.name.isEmpty()) {
                s.append(" (").append(task.name).append(')');
            }
            s.append(" in slot ").append(task.slot).append(": started at ").append(ms(task.started));
            if (task.cleanupStarted >= 0) {
                s.append(", cleanup from ").append(ms(task.cleanupStarted));
                s.append(task.cleanupEnded >= 0 ? " to " + ms(task.cleanupEnded) : ", never finished (cut short)");
                if (task.cleanupFailed) {
                    s.append(", failed");
                }
                if (task.overran) {
                    s.append(", overran its deadline");
                }
            }
            if (task.abandoned) {
                s.append(", abandoned");
            }
            if (!task.terminal.isEmpty()) {
                s.append("; ").append(task.terminal.replace('_', ' '));
            }
            return s.toString();
        }

        private String ms(long t) {
            return String.format(Locale.ROOT, "+%.1f ms", (t - origin) / 1e6);
        }

        private void axis(int y) {
            double fromMs = (start - origin) / 1e6;
            double spanMs = Math.max(end - start, 1_000_000) / 1e6;
            double step = niceStep(spanMs / 6);
            svg.append(String.format(Locale.ROOT, "<g class=\"axis\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                    LABELS, y, LABELS + plotWidth, y));
            for (double ms = Math.ceil(fromMs / step) * step; ms <= fromMs + spanMs + 1e-9; ms += step) {
                double x = LABELS + (ms - fromMs) / spanMs * plotWidth;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                        + "<text x=\"%.1f\" y=\"%d\">%s</text>", x, y, x, y + 4, x, y + 16, tick(ms, step)));
            }
            svg.append(String.format(Locale.ROOT, "<text class=\"axis-caption\" x=\"%d\" y=\"%d\">%s</text>",
                    LABELS - 8, y + 16, "ms"));
            svg.append("</g>\n");
        }

        private static double niceStep(double rough) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
            for (double factor : new double[] {1, 2, 5}) {
                if (factor * magnitude >= rough) {
                    return factor * magnitude;
                }
            }
            return 10 * magnitude;
        }

        private static String tick(double ms, double step) {
            return step >= 1 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
        }

        /** The moment, the signals and the exit: a line across the lanes, a label in the header. */
        private void markers(int bottom) {
            double[] rowEnds = new double[HEADER_ROWS];
            java.util.Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
            List<Mark> sorted = new ArrayList<>(marks);
            sorted.sort(java.util.Comparator.comparingLong(Mark::t));
            for (Mark mark : sorted) {
                double x = x(mark.t());
                double width = mark.label().length() * CHAR;
                // right of its line, or left of it where the picture ends
                double textX = x + 4 + width <= WIDTH - 2 ? x + 4 : x - 4 - width;
                int row = 0;
                for (int r = 0; r < HEADER_ROWS; r++) {
                    if (rowEnds[r] < textX - 6) {
                        row = r;
                        break;
                    }
                    if (rowEnds[r] < rowEnds[row]) {
                        row = r;
                    }
                }
                rowEnds[row] = textX + width;
                double textY = 4 + HEADER_ROW * (row + 1);
                svg.append("<g class=\"").append(mark.kind()).append("\"><title>").append(Html.escape(mark.title()))
                        .append("</title>");
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%d\"/>",
                        x, textY - 10, x, bottom));
                if (mark.kind().equals("signal")) {
                    svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d l-5 -8 h10 Z\"/>", x, HEADER + LANE));
                }
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text></g>%n", textX, textY,
                        Html.escape(mark.label())));
            }
        }
    }
}
