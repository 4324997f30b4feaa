package io.signaltest.junit.internal.checks;

import io.signaltest.junit.SignalRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The checks of what the program printed, which need no log: stderr, stack traces, lines after the signal, and every
 * start line paired with a cleanup line. Each is a plain function from a run to a {@link CheckVerdict}.
 */
public final class OutputChecks {

    private OutputChecks() {}

    // ------------------------------------------------------------------------------ output

    public static CheckVerdict hasNoUnexpectedStderr(SignalRun run, String... allowedRegexes) {
        Objects.requireNonNull(allowedRegexes, "allowedRegexes must not be null");
        List<Pattern> allowed = new ArrayList<>();
        for (String regex : allowedRegexes) {
            Objects.requireNonNull(regex, "an allowed stderr pattern is null");
            try {
                allowed.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "the allowed stderr pattern \"" + regex + "\" is not a regular " + "expression: "
                                + e.getDescription() + "; quote literal text with Pattern.quote",
                        e);
            }
        }
        CheckVerdict v = CheckVerdict.expecting(
                allowed.isEmpty()
                        ? "stderr to be empty"
                        : "every line of stderr to match one of "
                                + allowed.stream()
                                        .map(p -> "\"" + p.pattern() + "\"")
                                        .collect(Collectors.joining(", ")));
        // Line by line from the run's file: stderr of any size is checked without holding it.
        try (java.util.stream.Stream<String> lines = run.stderrLines()) {
            java.util.Iterator<String> each = lines.iterator();
            for (long number = 1; each.hasNext(); number++) {
                String line = each.next();
                if (line.isBlank()
                        || allowed.stream().anyMatch(p -> p.matcher(line).matches())) {
                    continue;
                }
                v.finding("stderr line " + number
                        + (allowed.isEmpty() ? " is unexpected: " : " matches no allowed " + "pattern: ") + line);
            }
        }
        return v;
    }

    /** Fails on each stack trace on stderr (a Java exception with its frames, a Python traceback). Needs no log. */
    public static CheckVerdict hasNoStackTraceOnStderr(SignalRun run) {
        CheckVerdict v = CheckVerdict.expecting("no stack trace on stderr");
        for (StackTraces.Trace trace : StackTraces.in(run.stderr())) {
            v.finding(RunWarnings.stackTrace(trace));
        }
        v.hint("a cancelled task's InterruptedException is the expected way for it to end, not an error: catch it "
                + "where the task stops and let the cleanup run, instead of printing it");
        return v;
    }

    /** Counts the lines of output after the signal in which {@code regex} finds a match. Needs no log. */
    public static CheckVerdict printedAfterTheSignal(SignalRun run, String regex, int expected) {
        Pattern pattern = pattern(regex, "output");
        CheckVerdict v = CheckVerdict.expecting(expected + (expected == 1 ? " line" : " lines") + " matching \"" + regex
                + "\" on stdout or stderr after the signal");
        List<String> matching = run.outputAfterTheSignal().stream()
                .filter(l -> pattern.matcher(l).find())
                .collect(Collectors.toList());
        if (matching.size() != expected) {
            v.finding(matching.size() + (matching.size() == 1 ? " line matches" : " lines match")
                    + " after the signal, " + "expected " + expected
                    + (matching.isEmpty() ? "" : ": " + String.join(" | ", first(matching, 5))));
        }
        return v;
    }

    /**
     * Pairs each line that matches {@code startRegex} with a later line that matches {@code cleanupRegex}. When both
     * expressions have a first group (a task's name or id), a start is matched only by a cleanup with the same group;
     * otherwise by any later cleanup line not matched yet. Reads stdout, then stderr. Needs no log.
     */
    public static CheckVerdict matchedEveryStartWithACleanup(SignalRun run, String startRegex, String cleanupRegex) {
        Pattern start = pattern(startRegex, "start");
        Pattern cleanup = pattern(cleanupRegex, "cleanup");
        CheckVerdict v = CheckVerdict.expecting("every line matching \"" + startRegex
                + "\" to be followed by its own line matching \"" + cleanupRegex + "\"");
        boolean keyed =
                start.matcher("").groupCount() >= 1 && cleanup.matcher("").groupCount() >= 1;
        List<String> lines = new ArrayList<>(run.stdout().lines().toList());
        lines.addAll(run.stderr().lines().toList());
        List<String> open = new ArrayList<>(); // keys (or the lines themselves) of unmatched starts, in order
        List<String> openLines = new ArrayList<>();
        int extraCleanups = 0;
        for (String line : lines) {
            java.util.regex.Matcher s = start.matcher(line);
            java.util.regex.Matcher c = cleanup.matcher(line);
            if (s.find()) {
                open.add(keyed ? String.valueOf(s.group(1)) : "");
                openLines.add(line);
            } else if (c.find()) {
                int i = keyed ? open.indexOf(String.valueOf(c.group(1))) : open.isEmpty() ? -1 : 0;
                if (i >= 0) {
                    open.remove(i);
                    openLines.remove(i);
                } else {
                    extraCleanups++;
                }
            }
        }
        for (String line : openLines) {
            v.finding("no cleanup line for: " + line);
        }
        if (extraCleanups > 0) {
            v.detail(extraCleanups + " cleanup " + (extraCleanups == 1 ? "line matches" : "lines match")
                    + " no start line before it");
        }
        v.hint("a task that started must print its cleanup line on every way out, cancellation included (in a "
                + "finally block); a program that exits before its cleanups ran, or whose cleanup is cancelled "
                + "again, leaves starts without cleanups");
        return v;
    }

    private static Pattern pattern(String regex, String role) {
        Objects.requireNonNull(regex, "the " + role + " pattern must not be null");
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "the " + role + " pattern \"" + regex + "\" is not a regular " + "expression: " + e.getDescription()
                            + "; quote literal text with Pattern.quote",
                    e);
        }
    }

    static List<String> first(List<String> lines, int n) {
        return lines.size() <= n ? lines : lines.subList(0, n);
    }
}
