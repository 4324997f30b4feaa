package io.signaltest.junit.internal.report;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.internal.files.RequestFact;
import io.signaltest.junit.internal.files.RunFacts;
import io.signaltest.junit.internal.files.ServiceFacts;
import io.signaltest.junit.service.Exchange;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A picture of one run as inline SVG: one lane per slot with a bar per task (running, then cleaning up), the queue
 * above them, the moment, each signal as a marker and the exit, on one time axis. A person sees at a glance where the
 * signal hit and which cleanup was cut short.
 *
 * <h2>One clock</h2>
 *
 * With the harness's {@link RunFacts}, the axis counts from the child's start, the signals are drawn when the harness
 * sent them and the exit when the process ended, so that the picture and the table's signal-to-exit figure are one
 * measurement; the log's records are placed on the same monotonic clock by its {@code clock_origin_ns}. A run that
 * wrote no log (a program checked by its output) is drawn from the facts alone, as one lane for the program. Without
 * facts (a log shown on its own), everything comes from the log.
 *
 * <p>The elements carry classes that the page's style sheet colours and that tests count: {@code lane} (one per slot),
 * {@code program} (the lane of a run without tasks), {@code task} (one per started task), {@code signal},
 * {@code moment}, {@code exit}, {@code queue}.
 */
public final class RunPicture {

    static final int WIDTH = 860;
    static final int LABELS = 70;
    /** Half the width of one character of an axis label (10 px), to keep a label clear of the axis's caption. */
    private static final double TICK_CHAR_HALF_WIDTH = 3.2;

    private static final int RIGHT = 70;
    static final int HEADER_ROW = 15;
    static final int LANE = 30;
    static final int BAR = 20;
    private static final int AXIS = 26;
    /** The width of a character of the labels' font, generously: labels are placed so that they never touch. */
    static final double CHAR = 7.2;
    /** The least room between two labels in one row of the header. */
    static final double GAP = 6;

    private RunPicture() {}

    /**
     * The picture of a log shown on its own; {@code exitCode} labels the exit when the log has no {@code exit} record.
     */
    public static String svg(CleanupLog log, OptionalInt exitCode) {
        return new Drawing(log, Optional.empty(), exitCode).draw();
    }

    /** The picture of a run: its log placed on the harness's clock, with the harness's signals and exit. */
    public static String svg(CleanupLog log, RunFacts facts) {
        return new Drawing(
                        log,
                        Optional.of(facts),
                        facts.exitCode() >= 0 ? OptionalInt.of(facts.exitCode()) : OptionalInt.empty())
                .draw();
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

    /** The key to the colours of a service's requests, as HTML. */
    public static String requestLegend() {
        return """
                <div class="legend">
                  <span><i class="key req answered"></i>request answered</span>
                  <span><i class="key req refused"></i>refused</span>
                  <span><i class="key req closed-before-answer"></i>closed before any answer</span>
                  <span><i class="key req cut-off"></i>answer cut off</span>
                  <span><i class="key req no-answer"></i>no answer</span>
                  <span><i class="key entered"></i>in the service's handler</span>
                </div>
                """;
    }

    /** A signal's name as {@code SIGINT}, whether the log wrote {@code INT} or {@code SIGINT}. */
    static String signalName(String name) {
        return name.startsWith("SIG") ? name : "SIG" + name;
    }

    /** What the log says about one task. Times are nanoseconds on the picture's clock; -1 when absent. */
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
            return terminal.equals(LogEvents.TASK_CANCELLED);
        }
    }

    private record Mark(long t, String kind, String label, String title) {}

    /** A mark's label, placed: the row of the header it is in and where its text starts. */
    record Placed(double x, double textX, int row, double width) {}

    /**
     * Places labels that start at {@code xs} with {@code widths} in rows of the header: each in the first row where it
     * clears the labels already there, right of its line or, where the picture ends, left of it. As many rows as it
     * takes: labels never overlap.
     */
    static List<Placed> place(List<Double> xs, List<Double> widths, double right) {
        List<Double> rowEnds = new ArrayList<>();
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            double x = xs.get(i);
            double width = widths.get(i);
            double textX = x + 4 + width <= right ? x + 4 : x - 4 - width;
            int row = 0;
            while (row < rowEnds.size() && rowEnds.get(row) + GAP > textX) {
                row++;
            }
            if (row == rowEnds.size()) {
                rowEnds.add(textX + width);
            } else {
                rowEnds.set(row, textX + width);
            }
            placed.add(new Placed(x, textX, row, width));
        }
        return placed;
    }

    private static final class Drawing {
        private final CleanupLog log;
        private final Optional<RunFacts> facts;
        private final OptionalInt exitCode;
        private final Map<Integer, Task> tasks = new TreeMap<>();
        private final List<Mark> marks = new ArrayList<>();
        private final StringBuilder svg = new StringBuilder();
        /** What a log record's {@code t_ns} adds up to on the picture's clock. */
        private long logOffset;
        /** Where the axis counts from: the child's start, or the log's first record. */
        private long origin;
        /** Where the picture begins: the first task, moment or signal, when a long quiet start would squeeze it. */
        private long start;

        private long end;
        private int slots;
        private int plotWidth;
        private int header;
        private int lanesTop;

        Drawing(CleanupLog log, Optional<RunFacts> facts, OptionalInt exitCode) {
            this.log = log;
            this.facts = facts.filter(f -> log.isEmpty() || f.logOriginNanos() >= 0);
            this.exitCode = exitCode;
        }

        String draw() {
            List<LogRecord> records = log.records();
            if (facts.isPresent()) {
                RunFacts f = facts.get();
                origin = f.startNanos();
                logOffset = f.logOriginNanos();
                end = Math.max(
                        f.exitNanos(),
                        records.isEmpty() ? origin : logOffset + last(records).tNanos());
                for (long sent : f.signalNanos()) {
                    end = Math.max(end, sent);
                }
                for (RequestFact request : requests()) {
                    end = Math.max(end, Math.max(request.endedNanos(), request.sentNanos()));
                }
            } else {
                origin = records.get(0).tNanos();
                end = last(records).tNanos();
            }
            read(records);
            start = Math.min(firstEvent(records), end);
            // a long quiet start before the first event would squeeze the run; a run without tasks is drawn whole
            if (start - origin < (end - origin) / 10 || records.isEmpty()) {
                start = origin;
            }
            plotWidth = WIDTH - LABELS - RIGHT;
            List<Mark> sorted = new ArrayList<>(marks);
            sorted.sort(Comparator.comparingLong(Mark::t));
            List<Placed> labels = place(
                    sorted.stream().map(m -> x(m.t())).toList(),
                    sorted.stream().map(m -> m.label().length() * CHAR).toList(),
                    WIDTH - 2);
            int rows = Math.max(1, labels.stream().mapToInt(Placed::row).max().orElse(0) + 1);
            header = HEADER_ROW * rows + 10;
            lanesTop = header + LANE;
            int lanes = tasks.values().stream().anyMatch(t -> t.started >= 0) || slots > 0 ? Math.max(slots, 1) : 1;
            List<RequestFact> single = requests().stream()
                    .filter(r -> r.role() != Exchange.Role.STREAM)
                    .toList();
            List<RequestFact> stream = requests().stream()
                    .filter(r -> r.role() == Exchange.Role.STREAM)
                    .toList();
            int requestLaneCount = single.size() + (stream.isEmpty() ? 0 : 1);
            int height = lanesTop + (lanes + requestLaneCount) * LANE + AXIS;
            svg.append(String.format(
                    Locale.ROOT,
                    "<svg class=\"run-picture\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d "
                            + "%d\" width=\"%d\" "
                            + "height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
                    WIDTH,
                    height,
                    WIDTH,
                    height,
                    Html.escape(summary())));
            if (slots > 0) {
                lanes();
                queue();
                for (Task task : tasks.values()) {
                    bar(task);
                }
            } else {
                programLane();
            }
            int requestsTop = lanesTop + lanes * LANE;
            RequestLanes requestLanes = new RequestLanes(svg, this::x, this::ms, end, plotWidth);
            for (int i = 0; i < single.size(); i++) {
                requestLanes.lane(requestsTop + i * LANE, single.get(i).id(), List.of(single.get(i)));
            }
            if (!stream.isEmpty()) {
                requestLanes.lane(requestsTop + single.size() * LANE, "stream", stream);
            }
            axis(height - AXIS);
            for (int i = 0; i < sorted.size(); i++) {
                marker(sorted.get(i), labels.get(i), height - AXIS);
            }
            svg.append("</svg>\n");
            return svg.toString();
        }

        private static LogRecord last(List<LogRecord> records) {
            return records.get(records.size() - 1);
        }

        /** The first task, moment or signal on the picture's clock. */
        private long firstEvent(List<LogRecord> records) {
            long first = records.stream()
                    .filter(r ->
                            r.event().startsWith("task_") || r.is(LogEvents.MOMENT) || r.is(LogEvents.SIGNAL_RECEIVED))
                    .mapToLong(this::at)
                    .min()
                    .orElse(end);
            for (Mark mark : marks) {
                first = Math.min(first, mark.t());
            }
            for (RequestFact request : requests()) {
                if (request.sentNanos() >= 0) {
                    first = Math.min(first, request.sentNanos());
                }
            }
            return first;
        }

        private long at(LogRecord r) {
            return logOffset + r.tNanos();
        }

        private void read(List<LogRecord> records) {
            boolean exitMarked = facts.map(f -> f.exitNanos() >= 0).orElse(false);
            boolean signalsMarked = facts.map(f -> !f.signalNanos().isEmpty()).orElse(false);
            boolean momentMarked = false;
            List<LogRecord> received = new ArrayList<>();
            for (LogRecord r : records) {
                long t = at(r);
                switch (r.event()) {
                    case LogEvents.RUN_STARTED ->
                        slots = Math.max(slots, (int) r.number("max_concurrent").orElse(0));
                    case LogEvents.TASK_QUEUED -> {
                        Task task = task(r);
                        task.queued = t;
                        task.name = r.text("name").orElse("");
                    }
                    case LogEvents.TASK_STARTED -> {
                        Task task = task(r);
                        task.started = t;
                        task.slot = (int) r.number("slot").orElse(0);
                        slots = Math.max(slots, task.slot);
                    }
                    case LogEvents.CLEANUP_STARTED -> task(r).cleanupStarted = t;
                    case LogEvents.CLEANUP_FINISHED, LogEvents.CLEANUP_FAILED -> {
                        Task task = task(r);
                        task.cleanupEnded = t;
                        task.cleanupFailed = r.is(LogEvents.CLEANUP_FAILED);
                        task.overran |= r.flag("overran");
                    }
                    case LogEvents.CLEANUP_OVERRUN -> task(r).overran = true;
                    case LogEvents.CLEANUP_ABANDONED -> task(r).abandoned = true;
                    case LogEvents.TASK_COMPLETED, LogEvents.TASK_FAILED, LogEvents.TASK_CANCELLED -> {
                        Task task = task(r);
                        task.terminal = r.event();
                        task.terminalAt = t;
                    }
                    case LogEvents.TASK_CANCELLED_BEFORE_START, LogEvents.TASK_NEVER_STARTED ->
                        task(r).neverStarted = t;
                    case LogEvents.MOMENT -> {
                        momentMarked = true;
                        marks.add(new Mark(
                                t,
                                "moment",
                                r.text("moment").orElse("moment"),
                                "moment " + r.text("moment").orElse("?") + " reached and held"));
                    }
                    case LogEvents.SIGNAL_RECEIVED -> {
                        received.add(r);
                        if (!signalsMarked) {
                            String name = signalName(r.text("signal").orElse("?"));
                            long count = r.number("count").orElse(1);
                            String action = r.text("action").orElse("");
                            marks.add(new Mark(
                                    t,
                                    "signal",
                                    count > 1 ? name + " #" + count : name,
                                    name + " received (" + (count > 1 ? "signal " + count + ", " : "") + action + ")"));
                        }
                    }
                    case LogEvents.EXIT -> {
                        if (!exitMarked) {
                            exitMarked = true;
                            String code = r.number("code").isPresent()
                                    ? Long.toString(r.number("code").getAsLong())
                                    : "?";
                            marks.add(new Mark(t, "exit", "exit " + code, "the program exits with code " + code));
                        }
                    }
                    default -> {
                        // other records do not change the picture; timeline.txt lists them all
                    }
                }
            }
            if (facts.isPresent()) {
                harnessMarks(facts.get(), received, momentMarked);
            } else if (!exitMarked) {
                String label = exitCode.isPresent() ? "exit " + exitCode.getAsInt() : "end of log";
                marks.add(new Mark(
                        end,
                        "exit",
                        label,
                        exitCode.isPresent()
                                ? "the log ends here; the process exited with code " + exitCode.getAsInt()
                                : "the log ends here"));
            }
        }

        /** The signals as the harness sent them, the moment of an output line, and the process's end. */
        private void harnessMarks(RunFacts f, List<LogRecord> received, boolean momentMarked) {
            if (!momentMarked && f.momentNanos() >= 0) {
                String line = f.momentLine() == null ? "" : f.momentLine();
                marks.add(new Mark(
                        f.momentNanos(),
                        "moment",
                        f.moment(),
                        "moment " + f.moment() + (line.isEmpty() ? "" : ": the line \"" + line + "\"")));
            }
            String name = signalName(f.signal().replaceFirst("\\s.*", ""));
            for (int i = 0; i < f.signalNanos().size(); i++) {
                long sent = f.signalNanos().get(i);
                String title = name + (i > 0 ? " #" + (i + 1) : "") + " sent at " + ms(sent)
                        + (i < received.size() ? ", received at " + ms(at(received.get(i))) : "");
                marks.add(new Mark(sent, "signal", i > 0 ? name + " #" + (i + 1) : name, title));
            }
            if (f.exitNanos() >= 0) {
                String label = f.exitCode() == 137 && f.failure() != null ? "killed" : "exit " + f.exitCode();
                String after = f.signalToExitMillis() >= 0
                        ? String.format(Locale.ROOT, ", %.0f ms after the signal", f.signalToExitMillis())
                        : "";
                marks.add(new Mark(
                        f.exitNanos(),
                        "exit",
                        label,
                        (label.equals("killed")
                                        ? "signaltest killed the process"
                                        : "the process exited with code " + f.exitCode())
                                + after));
            }
        }

        private Task task(LogRecord r) {
            int id = r.task().orElse(0);
            return tasks.computeIfAbsent(id, Task::new);
        }

        private String summary() {
            long started = tasks.values().stream().filter(t -> t.started >= 0).count();
            long never = tasks.values().stream()
                    .filter(t -> t.neverStarted >= 0 && t.started < 0)
                    .count();
            long signals = marks.stream().filter(m -> m.kind().equals("signal")).count();
            if (slots == 0) {
                return String.format(
                        Locale.ROOT, "run of a program that wrote no tasks to the log: %d signals", signals);
            }
            return String.format(
                    Locale.ROOT,
                    "run of %d tasks in %d slots: %d started, %d never started, %d signals",
                    tasks.size(),
                    slots,
                    started,
                    never,
                    signals);
        }

        private double x(long t) {
            long span = Math.max(end - start, 1_000_000);
            return LABELS + (double) (t - start) / span * plotWidth;
        }

        private void lanes() {
            svg.append(String.format(
                    Locale.ROOT,
                    "<g class=\"queue-lane\"><text class=\"lane-label\" x=\"%d\" y=\"%d\">" + "queue</text></g>%n",
                    LABELS - 8,
                    header + LANE / 2 + 4));
            for (int slot = 1; slot <= slots; slot++) {
                int y = lanesTop + (slot - 1) * LANE;
                svg.append(String.format(
                        Locale.ROOT,
                        "<g class=\"lane\" data-slot=\"%d\"><rect class=\"lane-bg\" x=\"%d\" "
                                + "y=\"%d\" width=\"%d\" height=\"%d\"/><text class=\"lane-label\" "
                                + "x=\"%d\" y=\"%d\">slot %d</text>"
                                + "</g>%n",
                        slot,
                        LABELS,
                        y,
                        plotWidth,
                        LANE,
                        LABELS - 8,
                        y + LANE / 2 + 4,
                        slot));
            }
        }

        /** A run whose log names no tasks: one lane, the program running from its start to its exit. */
        private void programLane() {
            int y = lanesTop;
            svg.append(String.format(
                    Locale.ROOT,
                    "<g class=\"program\"><rect class=\"lane-bg\" x=\"%d\" y=\"%d\" "
                            + "width=\"%d\" height=\"%d\"/><text class=\"lane-label\" x=\"%d\" y=\"%d\">program</text>",
                    LABELS,
                    y,
                    plotWidth,
                    LANE,
                    LABELS - 8,
                    y + LANE / 2 + 4));
            long from = Math.max(start, origin);
            long to = facts.map(RunFacts::exitNanos).filter(t -> t >= 0).orElse(end);
            double x0 = x(from);
            double x1 = Math.max(x(to), x0 + 2);
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"running\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                            + "height=\"%d\"><title>the program ran from %s to %s</title></rect></g>%n",
                    x0,
                    y + (LANE - BAR) / 2.0,
                    x1 - x0,
                    BAR,
                    ms(from),
                    ms(to)));
        }

        /** The requests the harness sent to a service, when the run was a service's. */
        private List<RequestFact> requests() {
            return facts.map(RunFacts::service).map(ServiceFacts::requests).orElse(List.of());
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
            double bottom = header + LANE - 4;
            if (most > 0) {
                double unit = Math.min(5.0, (LANE - 8.0) / most);
                StringBuilder path =
                        new StringBuilder(String.format(Locale.ROOT, "M%.1f %.1f", x(changes.firstKey()), bottom));
                waiting = 0;
                for (Map.Entry<Long, Integer> change : changes.entrySet()) {
                    double at = x(change.getKey());
                    path.append(String.format(Locale.ROOT, " L%.1f %.1f", at, bottom - waiting * unit));
                    waiting += change.getValue();
                    path.append(String.format(Locale.ROOT, " L%.1f %.1f", at, bottom - waiting * unit));
                }
                path.append(String.format(Locale.ROOT, " L%.1f %.1f Z", x(changes.lastKey()), bottom));
                svg.append("<path class=\"queue\" d=\"")
                        .append(path)
                        .append("\"><title>tasks waiting for a slot (at most ")
                        .append(most)
                        .append(")</title></path>\n");
            }
            long never = RunCounts.of(log).neverStarted();
            if (never > 0) {
                long at = tasks.values().stream()
                        .filter(t -> t.neverStarted >= 0)
                        .mapToLong(t -> t.neverStarted)
                        .min()
                        .orElse(end);
                String text = never + (never == 1 ? " task never started" : " tasks never started");
                double tx = Math.max(LABELS, Math.min(x(at) + 6, WIDTH - RIGHT - text.length() * CHAR));
                svg.append(String.format(
                        Locale.ROOT,
                        "<text class=\"queue-note\" x=\"%.1f\" y=\"%.1f\">%s</text>%n",
                        tx,
                        bottom - 8,
                        Html.escape(text)));
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
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"running%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>",
                    task.cancelled() ? " cancelled" : "",
                    x0,
                    y,
                    x1 - x0,
                    BAR));
            String label = x1 - x0 >= 48 ? "task " + task.id : x1 - x0 >= 16 ? Integer.toString(task.id) : "";
            if (!label.isEmpty()) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<text class=\"bar-label\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                        x0 + 5,
                        y + BAR / 2.0 + 4,
                        label));
            }
            if (task.cleanupStarted >= 0) {
                boolean cutShort = task.cleanupEnded < 0;
                String kind = cutShort ? " cut-short" : task.cleanupFailed ? " failed" : task.overran ? " overran" : "";
                double c0 = x(task.cleanupStarted);
                double c1 = Math.max(x(cutShort ? end : task.cleanupEnded), c0 + 3);
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"cleanup%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>",
                        kind,
                        c0,
                        y,
                        c1 - c0,
                        BAR));
                if (cutShort) {
                    // a cut-short cleanup lasts to the end of the run, so its note goes in the margin after it
                    svg.append(String.format(
                            Locale.ROOT,
                            "<text class=\"bar-note\" x=\"%.1f\" y=\"%.1f\">cut short</text>",
                            c1 + 5,
                            y + BAR / 2.0 + 4));
                }
            }
            if (task.cancelled()) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<text class=\"cancel-mark\" x=\"%.1f\" y=\"%.1f\">&#x2715;</text>",
                        x1 - 1,
                        y - 1));
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
            svg.append(String.format(
                    Locale.ROOT,
                    "<g class=\"axis\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                    LABELS,
                    y,
                    LABELS + plotWidth,
                    y));
            for (double ms = Math.ceil(fromMs / step) * step; ms <= fromMs + spanMs + 1e-9; ms += step) {
                double x = LABELS + (ms - fromMs) / spanMs * plotWidth;
                String label = tick(ms, step);
                svg.append(String.format(
                        Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, y, x, y + 4));
                // a label centred on a tick right at the axis's start would run into the "ms" caption
                if (x - label.length() * TICK_CHAR_HALF_WIDTH >= LABELS - 4) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x, y + 16, label));
                }
            }
            svg.append(String.format(
                    Locale.ROOT, "<text class=\"axis-caption\" x=\"%d\" y=\"%d\">%s</text>", LABELS - 8, y + 16, "ms"));
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

        /** A moment, a signal or the exit: a line across the lanes, its label in its row of the header. */
        private void marker(Mark mark, Placed label, int bottom) {
            double textY = 4 + HEADER_ROW * (label.row() + 1);
            svg.append("<g class=\"")
                    .append(mark.kind())
                    .append("\"><title>")
                    .append(Html.escape(mark.title()))
                    .append("</title>");
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%d\"/>",
                    label.x(),
                    textY - 10,
                    label.x(),
                    bottom));
            if (mark.kind().equals("signal")) {
                svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d l-5 -8 h10 Z\"/>", label.x(), header + LANE));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\">%s</text></g>%n",
                    label.textX(),
                    textY,
                    Html.escape(mark.label())));
        }
    }
}
