package io.signaltest.junit.internal.report;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.files.RunFacts;
import io.signaltest.junit.report.ReportEntries;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, after a test run that included {@link SignalTest} scenarios, a table a person can read at a glance: one row
 * per scenario with its verdict, the exit code, how many tasks were cleaned up and how many never started, the time
 * from the signal to the exit, and the first symptom of a failure; then where each scenario's files are. Rows follow
 * the order of the test plan (the matrix's own order), whatever order the scenarios finished in, and name each scenario
 * by its class (nested classes included), method and invocation. The same table is written to {@code verdicts.txt} in
 * the signaltest output directory, and beside it {@code index.html}: one self-contained page with the table and a
 * picture of each scenario's run.
 *
 * <p>Registered with the JUnit Platform launcher through {@code META-INF/services}, so it works in Maven, Gradle, the
 * Console Launcher and IDEs alike. Turn it off with the configuration parameter
 * {@value SignalTest#REPORT_TABLE_PROPERTY}{@code =false}.
 *
 * <p>Not API: a launcher finds it through {@code META-INF/services}, and nothing else uses it.
 */
public final class VerdictTable implements TestExecutionListener {

    private final PrintStream out;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Long> startNanos = new HashMap<>();
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
        String className = "";
        String method = "";
        String parameters = "";
        String invocation = "";
        String directory;
        String exitCode = "-";
        String signalToExit = "-";
        String verdict = "?";
        List<String> findings = List.of();
        /** For a run of a repeated scenario: the scenario without the run, the run's number and seed. */
        String scenario;

        int run;
        String seed = "";
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
        String directory = values.get(ReportEntries.DIRECTORY);
        if (directory == null) {
            return;
        }
        Row row = rows.computeIfAbsent(test.getUniqueId(), id -> new Row());
        name(row, test);
        row.directory = directory;
        row.exitCode = values.getOrDefault(ReportEntries.EXIT_CODE, "-");
        String millis = values.get(ReportEntries.SIGNAL_TO_EXIT_MILLIS);
        row.signalToExit = millis == null ? "-" : millis + " ms";
        row.scenario = values.get(ReportEntries.SCENARIO);
        row.run = Integer.parseInt(values.getOrDefault(ReportEntries.RUN, "0"));
        row.seed = values.getOrDefault(ReportEntries.SEED, "");
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
        result.getThrowable().ifPresent(t -> row.findings = Findings.of(t));
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        if (rows.isEmpty() || !enabled(testPlan)) {
            return;
        }
        List<ScenarioResult> results = results();
        String table = render(results);
        out.print(table);
        out.flush();
        Path base = Path.of(testPlan.getConfigurationParameters()
                .get(SignalTest.OUTPUT_DIRECTORY_PROPERTY)
                .filter(v -> !v.isBlank())
                .orElse("target/signaltest"));
        try {
            Files.createDirectories(base);
            Files.writeString(base.resolve("verdicts.txt"), table, StandardCharsets.UTF_8);
            Path html = HtmlReport.write(base, results);
            out.println("signaltest: report " + html.toAbsolutePath().normalize());
            out.flush();
        } catch (IOException | java.io.UncheckedIOException e) {
            out.println("signaltest: could not write the reports under " + base + ": " + e.getMessage());
        }
    }

    /** The scenarios in the test plan's order, which is the order the matrix declares them in. */
    List<ScenarioResult> results() {
        Map<String, Integer> order = new HashMap<>();
        if (plan != null) {
            for (TestIdentifier root : plan.getRoots()) {
                number(root, order);
            }
        }
        List<Map.Entry<String, Row>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort(java.util.Comparator.comparingInt(e -> order.getOrDefault(e.getKey(), Integer.MAX_VALUE)));
        Map<String, Integer> sameName = new HashMap<>();
        for (Row row : rows.values()) {
            sameName.merge(row.className + "." + row.method + "(" + row.parameters + ")", 1, Integer::sum);
        }
        List<ScenarioResult> results = new ArrayList<>();
        Map<String, List<Row>> series = new LinkedHashMap<>();
        for (Map.Entry<String, Row> entry : sorted) {
            Row row = entry.getValue();
            if (row.scenario != null) {
                series.computeIfAbsent(
                                row.className + "." + row.method + "(" + row.parameters + ") " + row.scenario,
                                key -> new ArrayList<>())
                        .add(row);
            }
        }
        for (Map.Entry<String, Row> entry : sorted) {
            Row row = entry.getValue();
            long overloads = sameName.keySet().stream()
                    .filter(k -> k.startsWith(row.className + "." + row.method + "("))
                    .count();
            String method = row.className + "." + row.method + (overloads > 1 ? "(" + row.parameters + ")" : "");
            if (row.scenario == null) {
                results.add(result(method + " [" + row.invocation + "]", row, row.findings, Optional.empty()));
                continue;
            }
            List<Row> runs =
                    series.remove(row.className + "." + row.method + "(" + row.parameters + ") " + row.scenario);
            if (runs != null) { // the series' place is its first run's
                results.add(summed(method + " [" + row.scenario + "]", runs));
            }
        }
        return results;
    }

    private static ScenarioResult result(
            String name, Row row, List<String> findings, Optional<ScenarioResult.Series> series) {
        String[] counts = counts(row.directory);
        return new ScenarioResult(
                name,
                row.verdict,
                row.exitCode,
                counts[0],
                counts[1],
                row.signalToExit,
                findings,
                Optional.ofNullable(row.directory).map(Path::of),
                series);
    }

    /** The runs of one repeated scenario as one row: its first failed run's, counted over all of them. */
    private static ScenarioResult summed(String name, List<Row> runs) {
        runs.sort(java.util.Comparator.comparingInt(r -> r.run));
        int failed = 0;
        int aborted = 0;
        Row firstFailed = null;
        for (Row run : runs) {
            if (run.verdict.equals("FAIL")) {
                failed++;
                firstFailed = firstFailed == null ? run : firstFailed;
            } else if (run.verdict.equals("aborted")) {
                aborted++;
            }
        }
        Row shown = firstFailed != null ? firstFailed : runs.get(0);
        ScenarioResult.Series series = new ScenarioResult.Series(
                runs.size(),
                failed,
                aborted,
                runs.get(0).run == 1 ? runs.get(0).seed : "",
                firstFailed == null ? 0 : firstFailed.run,
                firstFailed == null ? "" : firstFailed.seed);
        List<String> findings = new ArrayList<>();
        if (firstFailed != null) {
            findings.add("failed " + series.failureRate() + " runs; the first, run " + firstFailed.run + " (seed "
                    + firstFailed.seed + "): " + (shown.findings.isEmpty() ? "" : shown.findings.get(0)));
            findings.addAll(shown.findings.stream().skip(1).toList());
        }
        Row row = new Row();
        row.directory = shown.directory;
        row.exitCode = shown.exitCode;
        row.signalToExit = shown.signalToExit;
        row.verdict = failed > 0 ? "FAIL" : aborted == runs.size() ? "aborted" : "pass";
        return result(name + " x" + runs.size(), row, findings, Optional.of(series));
    }

    private void number(TestIdentifier test, Map<String, Integer> order) {
        order.put(test.getUniqueId(), order.size());
        for (TestIdentifier child : plan.getChildren(test)) {
            number(child, order);
        }
    }

    String render(List<ScenarioResult> results) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"scenario", "verdict", "exit", "cleaned", "never started", "signal->exit", "symptom"});
        int passed = 0;
        for (ScenarioResult r : results) {
            lines.add(new String[] {
                r.name(),
                r.verdict(),
                r.exitCode(),
                r.cleaned(),
                r.neverStarted(),
                r.signalToExit(),
                abbreviate(r.symptom())
            });
            if (r.passed()) {
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
        s.append("  ").append(HtmlReport.passedOf(passed, results.size()));
        if (lastEnd > firstStart) {
            s.append(String.format(
                    Locale.ROOT,
                    " in %.2f s (first scenario started to last one finished)",
                    (lastEnd - firstStart) / 1e9));
        }
        s.append(nl);
        series(results, s);
        Path base = commonParent(results);
        s.append("  logs, timelines, stdout and stderr of each scenario, under ")
                .append(base)
                .append(':')
                .append(nl);
        for (ScenarioResult r : results) {
            s.append("    ")
                    .append(r.directory()
                            .map(d -> base.relativize(d.toAbsolutePath().normalize())
                                    .toString())
                            .orElse("-"))
                    .append(nl);
        }
        return s.toString();
    }

    /**
     * For the repeated scenarios: per scenario, how many runs, how many failed, how many tested nothing, and the seed
     * that replays its first failed run.
     */
    private static void series(List<ScenarioResult> results, StringBuilder s) {
        List<ScenarioResult> repeated =
                results.stream().filter(r -> r.series().isPresent()).toList();
        if (repeated.isEmpty()) {
            return;
        }
        String nl = System.lineSeparator();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"repeated scenario", "runs", "failed", "aborted", "first failure", "seed of run 1"});
        for (ScenarioResult r : repeated) {
            ScenarioResult.Series series = r.series().get();
            lines.add(new String[] {
                r.name(),
                Integer.toString(series.runs()),
                series.failureRate(),
                Integer.toString(series.aborted()),
                series.firstFailedRun() == 0
                        ? "-"
                        : "run " + series.firstFailedRun() + ", seed " + series.firstFailedSeed(),
                series.firstSeed().isEmpty() ? "-" : series.firstSeed()
            });
        }
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (int l = 0; l < lines.size(); l++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(i == 0 ? "  " : " | ").append(pad(lines.get(l)[i], widths[i], i >= 1 && i <= 3));
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
        repeated.stream()
                .map(r -> r.series().get())
                .filter(series -> series.firstFailedRun() > 0)
                .findFirst()
                .ifPresent(series -> s.append("  replay a failed run with -D")
                        .append(SignalTest.REPLAY_PROPERTY)
                        .append("=<its seed> (with the same jitter window); repeat a whole series with -D")
                        .append(SignalTest.SEED_PROPERTY)
                        .append("=<seed of run 1>")
                        .append(nl));
    }

    /** The deepest directory that holds every scenario's directory. */
    private static Path commonParent(List<ScenarioResult> results) {
        Path common = null;
        for (ScenarioResult r : results) {
            if (r.directory().isEmpty()) {
                continue;
            }
            Path path = r.directory().get().toAbsolutePath().normalize();
            if (common == null) {
                common = path.getParent();
            }
            while (common != null && !path.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common == null ? Path.of("").toAbsolutePath() : common;
    }

    /**
     * The scenario's full name: its class's simple name with the classes that enclose it, its method (with the
     * parameter types only where another method has the same name) and its invocation, such as
     * {@code StandardScenarios.repeatedSignals [QUEUE_WAITING, SIGINT x3]}.
     */
    private void name(Row row, TestIdentifier test) {
        row.invocation = test.getDisplayName();
        Optional<TestIdentifier> template = plan == null ? Optional.empty() : plan.getParent(test);
        Optional<MethodSource> source = template.flatMap(TestIdentifier::getSource)
                .filter(MethodSource.class::isInstance)
                .map(MethodSource.class::cast);
        if (source.isPresent()) {
            String className = source.get().getClassName();
            row.className = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
            row.method = source.get().getMethodName();
            row.parameters = source.get().getMethodParameterTypes().replaceAll("[\\w.$]*[.$]", "");
        } else {
            String method = template.map(TestIdentifier::getDisplayName).orElse("");
            int paren = method.indexOf('(');
            row.method = paren > 0 ? method.substring(0, paren) : method;
        }
    }

    /** Tasks whose cleanup finished, and tasks that never started, from the run's log. */
    private static String[] counts(String directory) {
        if (directory == null) {
            return new String[] {"-", "-"};
        }
        Optional<RunFacts> facts = RunFacts.read(Path.of(directory));
        if (facts.isPresent()) { // counted when the run ended, from the log as the harness read it
            long cleaned = facts.get().cleaned();
            long never = facts.get().neverStarted();
            return new String[] {cleaned < 0 ? "-" : Long.toString(cleaned), never < 0 ? "-" : Long.toString(never)};
        }
        CleanupLog log = CleanupLog.read(Path.of(directory, RunDirectory.LOG)); // written by an older signaltest
        if (log.isEmpty()) {
            return new String[] {"-", "-"};
        }
        RunCounts counts = RunCounts.of(log);
        return new String[] {Long.toString(counts.cleaned()), Long.toString(counts.neverStarted())};
    }

    private static String abbreviate(String text) {
        return text.length() <= 110 ? text : text.substring(0, 107) + "...";
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(width - text.length());
        return right ? padding + text : text + padding;
    }

    private static boolean enabled(TestPlan plan) {
        return plan.getConfigurationParameters()
                .getBoolean(SignalTest.REPORT_TABLE_PROPERTY)
                .orElse(true);
    }
}
