package io.signaltest.junit.internal.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds stack traces in a program's stderr: a Java exception (a header line followed by {@code at ...(...)} frames) or
 * a Python traceback. Each is named by its header line, the exception and its message, which is what a reader
 * recognises.
 */
public final class StackTraces {

    private static final Pattern JAVA_FRAME = Pattern.compile("^\\s+at [\\w$./<>]+\\(.*\\)\\s*$");
    private static final Pattern PYTHON_START = Pattern.compile("^Traceback \\(most recent call last\\):\\s*$");
    private static final Pattern PYTHON_FRAME = Pattern.compile("^\\s+File \".*\", line \\d+.*$");

    private StackTraces() {}

    /** One stack trace: the 1-based line on which it starts, and its header (the exception and message). */
    public record Trace(int line, String header) {}

    /** The stack traces in {@code stderr}, in order. */
    public static List<Trace> in(String stderr) {
        List<String> lines = stderr.lines().toList();
        List<Trace> traces = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (PYTHON_START.matcher(line).matches()) {
                int end = i + 1;
                while (end < lines.size()
                        && (PYTHON_FRAME.matcher(lines.get(end)).matches()
                                || lines.get(end).startsWith("    "))) {
                    end++;
                }
                String header = end < lines.size() ? lines.get(end).trim() : line.trim();
                traces.add(new Trace(i + 1, header));
                i = end + 1;
            } else if (!JAVA_FRAME.matcher(line).matches()
                    && i + 1 < lines.size()
                    && JAVA_FRAME.matcher(lines.get(i + 1)).matches()) {
                traces.add(new Trace(i + 1, line.trim()));
                i += 2;
                while (i < lines.size() && isContinuation(lines.get(i))) {
                    i++; // its frames, "Caused by" sections and "... n more"
                }
            } else {
                i++;
            }
        }
        return traces;
    }

    private static boolean isContinuation(String line) {
        String t = line.trim();
        return JAVA_FRAME.matcher(line).matches()
                || t.startsWith("Caused by:")
                || t.startsWith("Suppressed:")
                || t.matches("\\.\\.\\. \\d+ (more|common frames omitted)");
    }
}
