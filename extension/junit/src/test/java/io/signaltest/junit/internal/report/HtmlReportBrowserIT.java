package io.signaltest.junit.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.signaltest.testing.RequiresTool;
import io.signaltest.testing.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report in a real headless Chromium: it renders with no console message, each picture has as many lanes, bars
 * and signal markers as its known log, and a screenshot is kept in {@code target/report-browser/report.png} for a
 * person to look at.
 *
 * <p>Chromium comes from the system ({@code apt-get install chromium}; CI installs it), or from the system property
 * {@code signaltest.chromium}; without it, the class is skipped with the reason (and required under CI).
 */
@RequiresTool(Tool.CHROMIUM)
class HtmlReportBrowserIT {

    private static final long DEADLINE_SECONDS = 180;

    private static final Path OUTPUT = Path.of("target", "report-browser").toAbsolutePath();
    private static Path report;

    @BeforeAll
    static void writeTheReport() throws IOException {
        report = ReportFixtures.writeReport(OUTPUT);
    }

    @Test
    void rendersWithoutAnyConsoleMessage() throws Exception {
        Result result = chromium(
                "--enable-logging=stderr", "--v=0", "--dump-dom", report.toUri().toString());

        List<String> console =
                result.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertThat(console).as("console messages of the report in Chromium").isEmpty();
        assertThat(result.stdout()).contains("<svg class=\"run-picture\"");
    }

    @Test
    void eachPictureShowsTheLanesBarsAndSignalsOfItsLog() throws Exception {
        String dom = chromium("--dump-dom", report.toUri().toString()).stdout();

        List<String> pictures = pictures(dom);
        assertThat(pictures).hasSize(ReportFixtures.drawn().size());
        for (int i = 0; i < pictures.size(); i++) {
            ReportFixtures.Known known = ReportFixtures.drawn().get(i);
            String svg = pictures.get(i);
            assertThat(count(svg, "<g class=\"lane\""))
                    .as("lanes of " + known.log())
                    .isEqualTo(known.lanes());
            assertThat(count(svg, "<g class=\"task\""))
                    .as("bars of " + known.log())
                    .isEqualTo(known.bars());
            assertThat(count(svg, "<g class=\"signal\""))
                    .as("signal markers of " + known.log())
                    .isEqualTo(known.signals());
        }
        assertThat(dom)
                .contains(
                        "cleanup of task 2 was cut short by the second SIGINT",
                        "The program was not started: " + ReportFixtures.NOT_STARTED,
                        "class=\"program\"");
    }

    @Test
    void needsNothingFromTheNetwork() throws IOException {
        String html = Files.readString(report);

        Matcher references =
                Pattern.compile("(?:src|href)=\"([^\"]*)\"|url\\(|@import").matcher(html);
        List<String> external = new ArrayList<>();
        while (references.find()) {
            String target = references.group(1);
            if (target == null || target.matches("(?i)[a-z][a-z0-9+.-]*:.*") || target.startsWith("//")) {
                external.add(references.group());
            }
        }
        assertThat(external)
                .as("references that would leave the report's directory")
                .isEmpty();
        assertThat(html).doesNotContain("<script", "<link");
    }

    /** Screenshots for a person to look at, as wide as a laptop's window and as a phone's. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1280, 400})
    void keepsAScreenshotAtEachWidth(int width) throws Exception {
        Path screenshot = OUTPUT.resolve("report-" + width + ".png");
        Files.deleteIfExists(screenshot);

        chromium(
                "--hide-scrollbars",
                "--window-size=" + width + ",2200",
                "--screenshot=" + screenshot,
                report.toUri().toString());

        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot))
                .as("a PNG of a whole page, not an empty one")
                .isGreaterThan(20_000);
    }

    /** The page keeps the facts of each run inside it: index.html alone, without its run directories, still tells. */
    @Test
    void holdsEachRunsReportItself() throws IOException {
        String html = Files.readString(report);
        for (ReportFixtures.Known known : ReportFixtures.KNOWN) {
            assertThat(html).contains("the report of " + known.name().replace("\"", "&quot;"));
        }
    }

    private static List<String> pictures(String dom) {
        List<String> pictures = new ArrayList<>();
        Matcher svg = Pattern.compile("<svg class=\"run-picture\".*?</svg>", Pattern.DOTALL)
                .matcher(dom);
        while (svg.find()) {
            pictures.add(svg.group());
        }
        return pictures;
    }

    private static int count(String text, String needle) {
        return (int)
                Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }

    private record Result(String stdout, String stderr) {}

    /** Runs headless Chromium with a fresh profile, without anything that would reach the network. */
    private static Result chromium(String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(OUTPUT, "profile-");
        List<String> command = new ArrayList<>(List.of(
                Tool.CHROMIUM.require().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile(OUTPUT, "chromium-", ".out");
        Path stderr = Files.createTempFile(OUTPUT, "chromium-", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .directory(OUTPUT.toFile())
                .start();
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish within " + DEADLINE_SECONDS + " s: " + String.join(" ", command)
                    + "\nstderr:\n" + Files.readString(stderr));
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("Chromium exited with " + process.exitValue() + ": " + String.join(" ", command) + "\nstderr:\n"
                    + err);
        }
        return new Result(Files.readString(stdout, StandardCharsets.UTF_8), err);
    }
}
