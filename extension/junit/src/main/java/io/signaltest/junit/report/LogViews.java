package io.signaltest.junit.report;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.internal.log.Timeline;
import io.signaltest.junit.internal.report.HtmlReport;
import java.util.Set;

/**
 * A cleanup log shown to a person, as the run's files and report show it: a readable timeline, one record a line, and a
 * self-contained HTML page with the picture of the run (a lane per slot, a bar per task, the moment, the signals and
 * the exit). For tools that show a log found anywhere, such as the console runner's {@code timeline} command.
 *
 * <pre>{@code
 * CleanupLog log = CleanupLog.read(Path.of("cleanup.jsonl"));
 * System.out.print(LogViews.timeline(log));
 * Files.writeString(Path.of("run.html"), LogViews.picturePage("my run", log));
 * }</pre>
 *
 * @since 0.1
 */
public final class LogViews {

    private LogViews() {}

    /**
     * The timeline of {@code log}, as in a run's {@code timeline.txt}: a log of more than 60 records shows its
     * landmarks (the start, the moments, the signals, the cancellation, the exit) and its first and last records.
     */
    public static String timeline(CleanupLog log) {
        return Timeline.render(log.records(), Set.of());
    }

    /** The timeline of {@code log} with every record, however many. */
    public static String everyRecord(CleanupLog log) {
        return Timeline.everyRecord(log.records());
    }

    /**
     * A self-contained HTML page (inline CSS and SVG, no script) with the picture of {@code log} under {@code title}.
     */
    public static String picturePage(String title, CleanupLog log) {
        return HtmlReport.timelinePage(title, log);
    }
}
