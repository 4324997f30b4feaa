package io.signaltest.junit.internal.report;

import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.log.Timeline;
import io.signaltest.junit.internal.process.CapturedOutput;
import io.signaltest.junit.internal.process.CapturedRun;
import io.signaltest.junit.service.ServiceRun;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The facts of a child run, in the shape every signaltest failure message shares: the command, pid, exit code, signal
 * and moment, the log as a timeline with the records that matter marked, and the tail of stdout and stderr.
 */
public final class RunReport {

    /** How many trailing lines of stdout and stderr a report shows. */
    public static final int TAIL_LINES = 20;

    private RunReport() {}

    public static String describe(SignalRun run, Collection<LogRecord> marked) {
        StringBuilder s = new StringBuilder();
        s.append("  command:   ").append(commandLine(run.command())).append(System.lineSeparator());
        s.append("  pid:       ").append(run.pid()).append(System.lineSeparator());
        s.append("  exit code: ").append(run.exitCode()).append(System.lineSeparator());
        s.append("  signal:    ").append(run.signal().displayName());
        if (run.signalsSent() > 1) {
            s.append(" x").append(run.signalsSent());
        }
        s.append(" at ").append(run.moment()).append(System.lineSeparator());
        s.append("  files:     ").append(run.directory()).append(System.lineSeparator());
        for (String process : run.processesLeftBehind()) {
            s.append("  left behind, killed by signaltest: ").append(process).append(System.lineSeparator());
        }
        boolean service = run instanceof ServiceRun;
        if (run instanceof ServiceRun serviceRun) {
            s.append(ServiceReport.facts(serviceRun));
        }
        for (String error : run.log().errors()) {
            s.append("  log error: ").append(error).append(System.lineSeparator());
        }
        boolean showLog = !service || !run.log().isEmpty();
        for (String note : showLog ? run.log().notes() : List.<String>of()) {
            s.append("  log note:  ").append(note).append(System.lineSeparator());
        }
        if (run instanceof ServiceRun serviceRun) {
            s.append(ServiceReport.requests(serviceRun));
        }
        if (showLog) {
            s.append("timeline")
                    .append(marked.isEmpty() ? "" : " (> marks the records in question)")
                    .append(':')
                    .append(System.lineSeparator());
            s.append(Timeline.render(run.log().records(), marked));
        }
        if (run instanceof CapturedRun captured) {
            s.append(tail("stdout", captured.capturedStdout()));
            s.append(tail("stderr", captured.capturedStderr()));
        } else {
            s.append(tail("stdout", run.stdout()));
            s.append(tail("stderr", run.stderr()));
        }
        return s.toString();
    }

    /**
     * The command as one line, with a long classpath shortened to its number of entries (the full command is in the
     * run's {@code command.txt}).
     */
    public static String commandLine(List<String> command) {
        StringBuilder s = new StringBuilder();
        for (String element : command) {
            if (s.length() > 0) {
                s.append(' ');
            }
            String[] entries = element.split(java.io.File.pathSeparator, -1);
            s.append(
                    element.length() > 200 && entries.length > 3
                            ? "<classpath of " + entries.length + " entries>"
                            : element);
        }
        return s.toString();
    }

    /** The last {@link #TAIL_LINES} lines of {@code text}, indented, under a heading. */
    public static String tail(String name, String text) {
        List<String> lines = text.lines().toList();
        return tail(name, lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()), lines.size());
    }

    /** The last {@link #TAIL_LINES} lines of a captured output, indented, under a heading. */
    public static String tail(String name, CapturedOutput output) {
        List<String> kept = output.tail();
        return tail(name, kept.subList(Math.max(0, kept.size() - TAIL_LINES), kept.size()), output.lineCount());
    }

    private static String tail(String name, List<String> last, long lineCount) {
        if (last.isEmpty()) {
            return name + ": (empty)" + System.lineSeparator();
        }
        boolean whole = lineCount == last.size();
        StringBuilder s = new StringBuilder();
        s.append(
                        whole
                                ? name + ":"
                                : String.format(
                                        Locale.ROOT, "%s (last %d of %,d lines):", name, last.size(), lineCount))
                .append(System.lineSeparator());
        for (String line : last) {
            s.append("    ").append(line).append(System.lineSeparator());
        }
        return s.toString();
    }
}
