package io.signaltest.junit.report;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.SignalTest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, after a test run that included {@link SignalTest} scenarios, a table a person can read
 * at a glance: one row per scenario with its verdict, the exit code, how many tasks were cleaned
 * up and how many never started, the time from the signal to the exit, and the first symptom
 * of a failure; then where each scenario's files are. The same table is written to
 * {@code verdicts.txt} in the signaltest output directory.
 *
 * <p>Registered with the JUnit Platform launcher through {@code META-INF/services}, so it works
 * in Maven, Gradle, the Console Launcher and IDEs alike. Turn it off with the configuration
 * parameter {@value #ENABLED_PROPERTY}{@code =false}.
 *
 * @since 0.1
 */
public final class VerdictTable implements TestExecutionListener {

    /** Configuration parameter: set to {@code false} to print no table. */
    public static final String ENABLED_PROPERTY = "signaltest.report.table";

    private final PrintStream out;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Long> startNanos = new java.util.HashMap<>();
    private long firstStart = Long.MAX_VALUE;
    private long lastEnd;
    private TestPlan plan;

    public VerdictTable() {
        this(System.out);
    }

    VerdictTable(PrintStream out) {
        this.out = out;
    }

    private static final class Row {
        String scenario;
        String directory;
        String exitCode = "-";
        String signalToExit = "-";
        String verdict = "?";
        String symptom = "";
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        rows.clear();
        startNanos.clear();
        firstStart = Long.MAX_VALUE;
        lastEnd = 0;
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            startNanos.put(test.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        Map<String, String> values = entry.getKeyValuePairs();
        String directory = values.get("signaltest.directory");
        if (directory == null) {
            return;
        }
        Row row = rows.computeIfAbsent(test.getUniqueId(), id -> new Row());
        row.scenario = scenarioName(test);
        row.directory = directory;
        row.exitCode = values.getOrDefault("signaltest.exitCode", "-");
        String millis = values.get("signaltest.signalToExitMillis");
        row.signalToExit = millis == null ? "-" : millis + " ms";
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Row row = rows.get(test.getUniqueId());
        if (row == null) {
            return;
        }
        firstStart = Math.min(firstStart, startNanos.getOrDefault(test.getUniqueId(), System.nanoTime()));
        lastEnd = System.nanoTime();
        row.verdict = switch (result.getStatus()) {
            case SUCCESSFUL -> "pass";
            case FAILED -> "FAIL";
            case ABORTED -> "aborted";
        };
        result.getThrowable().ifPresent(t -> row.symptom = symptom(t.getMessage()));
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        if (rows.isEmpty() || !enabled(testPlan)) {
            return;
        }
        String table = render();
        out.print(table);
        out.flush();
        Path base = Path.of(testPlan.getConfigurationParameters().get(SignalTest.OUTPUT_DIRECTORY_PROPERTY)
                .filter(v -> !v.isBlank()).orElse("target/signaltest"));
        try {
            Files.createDirectories(base);
            Files.writeString(base.resolve("verdicts.txt"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("signaltest: could not write " + base.resolve("verdicts.txt") + ": " + e.getMessage());
        }
    }

    String render() {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"scenario", "verdict", "exit", "cleaned", "never started", "signal->exit", "symptom"});
        int passed = 0;
        for (Row row : rows.values()) {
            String[] counts = counts(row.directory);
            lines.add(new String[] {row.scenario, row.verdict, row.exitCode, counts[0], counts[1], row.signalToExit,
                row.symptom});
            if (row.verdict.equals("pass")) {
                passed++;
            }
        }
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        String nl = System.lineSeparator();
        StringBuilder s = new StringBuilder(nl).append("signaltest scenarios").append(nl);
        for (int l = 0; l < lines.size(); l++) {
            String[] line = lines.get(l);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == 0 ? "  " : " | ").append(pad(line[i], widths[i], i >= 2 && i <= 5));
            }
            s.append(text.toString().stripTrailing()).append(nl);
            if (l == 0) {
                StringBuilder rule = new StringBuilder("  ");
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                }
                s.append(rule).append(nl);
            }
        }
        s.append(String.format(Locale.ROOT, "  %d of %d scenarios passed", passed, rows.size()));
        if (lastEnd > firstStart) {
            s.append(String.format(Locale.ROOT, " in %.2f s (first scenario started to last one finished)",
                    (lastEnd - firstStart) / 1e9));
        }
        s.append(nl);
        Path base = commonParent();
        s.append("  logs, timelines, stdout and stderr of each scenario, under ").append(base).append(':').append(nl);
        for (Row row : rows.values()) {
            s.append("    ").append(row.directory == null ? "-" : base.relativize(Path.of(row.directory).toAbsolutePath()))
                    .append(nl);
        }
        return s.toString();
    }

    /** The deepest directory that holds every scenario's directory. */
    private Path commonParent() {
        Path common = null;
        for (Row row : rows.values()) {
            if (row.directory == null) {
                continue;
            }
            Path path = Path.of(row.directory).toAbsolutePath().normalize();
            if (common == null) {
                common = path.getParent();
            }
            while (common != null && !path.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common == null ? Path.of("").toAbsolutePath() : common;
    }

    private String scenarioName(TestIdentifier test) {
        Optional<TestIdentifier> parent = plan == null ? Optional.empty() : plan.getParent(test);
        String method = parent.map(TestIdentifier::getDisplayName).orElse("");
        int paren = method.indexOf('(');
        if (paren > 0) {
            method = method.substring(0, paren);
        }
        return method.isEmpty() ? test.getDisplayName() : method + " [" + test.getDisplayName() + "]";
    }

    /** Tasks whose cleanup finished, and tasks that never started, from the run's log. */
    private static String[] counts(String directory) {
        if (directory == null) {
            return new String[] {"-", "-"};
        }
        CleanupLog log = CleanupLog.read(Path.of(directory, "cleanup.jsonl"));
        if (log.isEmpty()) {
            return new String[] {"-", "-"};
        }
        return new String[] {
            Integer.toString(log.records("cleanup_finished").size()),
            Integer.toString(log.records("task_cancelled_before_start").size())};
    }

    /** The first finding of a failure message: the line after "but:", or its first line. */
    static String symptom(String message) {
        if (message == null) {
            return "";
        }
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).equals("but:")) {
                return abbreviate(lines.get(i + 1));
            }
        }
        return lines.isEmpty() ? "" : abbreviate(lines.get(0));
    }

    private static String abbreviate(String text) {
        return text.length() <= 110 ? text : text.substring(0, 107) + "...";
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(width - text.length());
        return right ? padding + text : text + padding;
    }

    private static boolean enabled(TestPlan plan) {
        return plan.getConfigurationParameters().getBoolean(ENABLED_PROPERTY).orElse(true);
    }
}
