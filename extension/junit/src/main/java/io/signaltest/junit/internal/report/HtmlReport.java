package io.signaltest.junit.internal.report;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.files.RunFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The HTML report of a set of scenarios: one self-contained file (inline CSS and SVG, no script, nothing fetched from
 * the network) with the verdict table on top and, for each scenario, the {@link RunPicture picture} of its run, its
 * findings and links to its raw files.
 */
public final class HtmlReport {

    /** The report's file name in the output directory. */
    public static final String FILE_NAME = "index.html";

    /** A run's files, in the order a person looks at them. */
    private static final List<String> RUN_FILES = List.of(
            RunDirectory.TIMELINE,
            RunDirectory.REPORT,
            RunDirectory.LOG,
            RunDirectory.STDOUT,
            RunDirectory.STDERR,
            RunDirectory.COMMAND,
            RunDirectory.THREAD_DUMP);

    /** How much of a run's report the page holds; a longer one is cut, with a pointer to the file. */
    static final int INLINE_REPORT_CHARS = 64 * 1024;

    private HtmlReport() {}

    /** Writes the report of {@code results} to {@code directory/index.html}; links are relative to it. */
    public static Path write(Path directory, List<ScenarioResult> results) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            Files.writeString(file, page(directory, results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTML report " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The report's HTML, with links relative to {@code directory}. */
    public static String page(Path directory, List<ScenarioResult> results) {
        long passed = results.stream().filter(ScenarioResult::passed).count();
        StringBuilder body = new StringBuilder();
        body.append("<header><h1>signaltest</h1><p class=\"summary ")
                .append(passed == results.size() ? "pass" : "fail")
                .append("\">")
                .append(passedOf(passed, results.size()))
                .append("</p></header>\n");
        body.append(table(results));
        body.append(RunPicture.legend());
        boolean services = results.stream()
                .anyMatch(r -> r.directory()
                        .flatMap(RunFacts::read)
                        .map(f -> f.service() != null)
                        .orElse(false));
        if (services) {
            body.append(RunPicture.requestLegend());
        }
        for (int i = 0; i < results.size(); i++) {
            body.append(section(directory, i + 1, results.get(i)));
        }
        return document("signaltest: " + passedOf(passed, results.size()), body.toString());
    }

    /** "3 of 10 scenarios passed", "0 of 1 scenario passed". */
    public static String passedOf(long passed, int total) {
        return passed + " of " + total + (total == 1 ? " scenario" : " scenarios") + " passed";
    }

    /** A page with the picture of one log alone, for a log found anywhere. */
    public static String timelinePage(String title, CleanupLog log) {
        StringBuilder body = new StringBuilder();
        body.append("<header><h1>").append(Html.escape(title)).append("</h1></header>\n");
        body.append(RunPicture.legend());
        body.append("<section class=\"scenario\"><div class=\"run\"><div class=\"picture\">")
                .append(
                        log.isEmpty()
                                ? "<p class=\"empty\">The log has no records.</p>"
                                : RunPicture.svg(log, OptionalInt.empty()))
                .append("</div></div>")
                .append(logRemarks(log))
                .append("</section>\n");
        return document(title, body.toString());
    }

    private static String table(List<ScenarioResult> results) {
        StringBuilder s = new StringBuilder(
                "<div class=\"table-wrap\"><table class=\"verdicts\">\n<thead><tr><th>scenario</th><th>verdict</th>"
                        + "<th class=\"num\">exit</th><th class=\"num\">cleaned</th><th "
                        + "class=\"num\">never started</th>"
                        + "<th class=\"num\">signal&#x2192;exit</th><th>symptom</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            s.append("<tr class=\"")
                    .append(cssVerdict(r))
                    .append("\"><td data-label=\"scenario\"><a href=\"#scenario-")
                    .append(i + 1)
                    .append("\">")
                    .append(Html.escape(r.name()))
                    .append("</a></td><td data-label=\"verdict\">")
                    .append(badge(r))
                    .append("</td>")
                    .append(num("exit", r.exitCode()))
                    .append(num("cleaned", r.cleaned()))
                    .append(num("never started", r.neverStarted()))
                    .append(num("signal&#x2192;exit", r.signalToExit()))
                    .append("<td class=\"symptom\" data-label=\"symptom\">")
                    .append(Html.escape(r.symptom()))
                    .append("</td></tr>\n");
        }
        return s.append("</tbody></table></div>\n").toString();
    }

    private static String section(Path directory, int index, ScenarioResult r) {
        StringBuilder s = new StringBuilder();
        s.append("<section class=\"scenario ")
                .append(cssVerdict(r))
                .append("\" id=\"scenario-")
                .append(index)
                .append("\">\n");
        s.append("<h2>")
                .append(badge(r))
                .append(' ')
                .append(Html.escape(r.name()))
                .append("</h2>\n<div class=\"run\">");
        Optional<RunFacts> facts = r.directory().flatMap(RunFacts::read);
        s.append("<div class=\"picture\">");
        if (facts.isPresent() && !facts.get().started()) {
            s.append("<p class=\"not-started\">The program was not started: ")
                    .append(Html.escape(
                            Optional.ofNullable(facts.get().failure()).orElse(r.symptom())))
                    .append("</p>");
        } else if (r.directory().isEmpty()) {
            s.append("<p class=\"not-started\">The scenario did not run: ")
                    .append(Html.escape(r.symptom()))
                    .append("</p>");
        } else if (facts.isPresent()) {
            // drawn when the run ended, from the log as the harness read it: the log is not read again here
            s.append(picture(r.directory().get(), facts.get()));
            s.append(remarks(facts.get().logRemarks(), facts.get().cleaned() < 0));
        } else {
            s.append(pictureOfTheLog(r)); // a run directory that an older signaltest wrote
        }
        s.append("</div>\n<aside>");
        if (r.findings().isEmpty()) {
            s.append(r.passed() ? "<p class=\"ok\">Every check passed.</p>" : "<p>No findings were reported.</p>");
        } else {
            s.append("<h3>Findings</h3><ul class=\"findings\">");
            for (String finding : r.findings()) {
                s.append("<li>").append(Html.escape(finding)).append("</li>");
            }
            s.append("</ul>");
        }
        s.append("<dl><dt>exit code</dt><dd>")
                .append(Html.escape(r.exitCode()))
                .append("</dd><dt>signal&#x2192;exit</dt><dd>")
                .append(Html.escape(r.signalToExit()))
                .append("</dd><dt>cleaned up</dt><dd>")
                .append(Html.escape(r.cleaned()))
                .append("</dd><dt>never started</dt><dd>")
                .append(Html.escape(r.neverStarted()))
                .append("</dd></dl>");
        r.directory().ifPresent(d -> s.append(files(directory, d)));
        s.append("</aside></div>\n");
        r.directory().ifPresent(d -> s.append(inlineReport(d)));
        s.append("</section>\n");
        return s.toString();
    }

    private static String files(Path base, Path runDirectory) {
        StringBuilder s = new StringBuilder("<h3>Files</h3><ul class=\"files\">");
        for (String name : RUN_FILES) {
            Path file = runDirectory.resolve(name);
            if (Files.isRegularFile(file)) {
                s.append("<li><a href=\"")
                        .append(Html.escape(link(base, file)))
                        .append("\">")
                        .append(name)
                        .append("</a></li>");
            }
        }
        return s.append("</ul>").toString();
    }

    /**
     * The run's report (its command, the log as a timeline, the tails of its output) inside the page, folded:
     * index.html alone, copied away from its run directories, still holds the facts.
     */
    private static String inlineReport(Path runDirectory) {
        Path file = runDirectory.resolve(RunDirectory.REPORT);
        if (!Files.isRegularFile(file)) {
            return "";
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException unreadable) {
            return "";
        }
        if (text.length() > INLINE_REPORT_CHARS) {
            text = text.substring(0, INLINE_REPORT_CHARS) + System.lineSeparator() + "... (the rest is in "
                    + RunDirectory.REPORT + ")";
        }
        return "<details class=\"report\"><summary>The run's report: command, timeline, output</summary><pre>"
                + Html.escape(text) + "</pre></details>\n";
    }

    /** A link from the report's directory to {@code file}: relative when it is below, else a file URI. */
    static String link(Path base, Path file) {
        Path from = base.toAbsolutePath().normalize();
        Path to = file.toAbsolutePath().normalize();
        if (to.startsWith(from)) {
            StringBuilder s = new StringBuilder();
            for (Path part : from.relativize(to)) {
                s.append(s.length() == 0 ? "" : "/")
                        .append(java.net.URLEncoder.encode(part.toString(), StandardCharsets.UTF_8)
                                .replace("+", "%20"));
            }
            return s.toString();
        }
        return to.toUri().toString();
    }

    /** The picture the harness drew when the run ended, or one drawn now from its facts when the file is missing. */
    private static String picture(Path runDirectory, RunFacts facts) {
        Path file = runDirectory.resolve(RunDirectory.PICTURE);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
        } catch (IOException unreadable) {
            // drawn below
        }
        return RunPicture.svg(CleanupLog.read(runDirectory.resolve(RunDirectory.LOG)), facts);
    }

    private static String pictureOfTheLog(ScenarioResult r) {
        CleanupLog log = CleanupLog.read(r.directory().get().resolve(RunDirectory.LOG));
        List<String> remarks = new ArrayList<>(log.errors());
        remarks.addAll(log.notes());
        return (log.isEmpty()
                        ? "<p class=\"empty\">No picture: the program wrote no cleanup log records.</p>"
                        : RunPicture.svg(log, exitCode(r)))
                + remarks(remarks, false);
    }

    /** The log's invalid lines and notes; none for a run checked by its output, which writes no log on purpose. */
    private static String remarks(List<String> remarks, boolean noLogExpected) {
        if (remarks.isEmpty() || noLogExpected) {
            return "";
        }
        StringBuilder s = new StringBuilder("<ul class=\"log-remarks\">");
        remarks.forEach(r -> s.append("<li>").append(Html.escape(r)).append("</li>"));
        return s.append("</ul>").toString();
    }

    private static String logRemarks(CleanupLog log) {
        List<String> remarks = new ArrayList<>(log.errors());
        remarks.addAll(log.notes());
        return remarks(remarks, false);
    }

    private static OptionalInt exitCode(ScenarioResult r) {
        try {
            return OptionalInt.of(Integer.parseInt(r.exitCode()));
        } catch (NumberFormatException none) {
            return OptionalInt.empty();
        }
    }

    private static String cssVerdict(ScenarioResult r) {
        return r.verdict().toLowerCase(Locale.ROOT);
    }

    private static String badge(ScenarioResult r) {
        return "<span class=\"badge " + cssVerdict(r) + "\">" + Html.escape(r.verdict()) + "</span>";
    }

    private static String num(String label, String value) {
        return "<td class=\"num\" data-label=\"" + label + "\">" + Html.escape(value) + "</td>";
    }

    private static String document(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Html.escape(title) + "</title>\n<style>\n" + ReportStyle.CSS
                + "</style>\n</head>\n<body>\n"
                + body + "</body>\n</html>\n";
    }
}
