package io.signaltest.junit.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.internal.files.RunFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The picture of known runs: lanes, bars and markers as the log and the harness's facts have them. */
class RunPictureTest {

    static List<ReportFixtures.Known> logged() {
        return ReportFixtures.KNOWN.stream().filter(k -> k.log() != null).toList();
    }

    @ParameterizedTest
    @MethodSource("logged")
    void drawsALanePerSlotABarPerStartedTaskAndAMarkerPerSignal(ReportFixtures.Known known) {
        for (String svg : List.of(
                RunPicture.svg(ReportFixtures.log(known.log()), OptionalInt.empty()),
                RunPicture.svg(ReportFixtures.log(known.log()), ReportFixtures.facts(known.log())))) {
            assertThat(count(svg, "<g class=\"lane\"")).as("lanes").isEqualTo(known.lanes());
            assertThat(count(svg, "<g class=\"task\"")).as("bars").isEqualTo(known.bars());
            assertThat(count(svg, "<g class=\"signal\"")).as("signal markers").isEqualTo(known.signals());
            assertThat(count(svg, "<g class=\"exit\"")).as("the exit").isEqualTo(1);
        }
    }

    @Test
    void marksACleanupThatNeverFinishedAsCutShort() {
        String cutShort = RunPicture.svg(ReportFixtures.log("cut-short.jsonl"), OptionalInt.of(130));
        String whole = RunPicture.svg(ReportFixtures.log("repeated-signals.jsonl"), OptionalInt.empty());

        assertThat(count(cutShort, "class=\"cleanup cut-short\"")).isEqualTo(1);
        assertThat(cutShort).contains(">cut short<", ">exit 130<", ">DURING_CLEANUP<", ">SIGINT #2<");
        assertThat(whole).doesNotContain("cut-short").contains(">exit 130<", "4 tasks never started");
    }

    @Test
    void withTheHarnessFactsTheSignalAndTheExitAreWhereTheHarnessSawThemOnOneClock() {
        RunFacts facts = ReportFixtures.facts("three-slots.jsonl");
        String svg = RunPicture.svg(ReportFixtures.log("three-slots.jsonl"), facts);

        long toExit = Math.round(facts.signalToExitMillis());
        assertThat(svg)
                .contains("the process exited with code 130, " + toExit + " ms after the signal", "SIGINT sent at +");
        double signalX = lineX(svg, "signal");
        double exitX = lineX(svg, "exit");
        double pixelsPerMs = pixelsPerMs(svg);
        assertThat((exitX - signalX) / pixelsPerMs)
                .as("the distance from signal to exit, in ms")
                .isCloseTo(facts.signalToExitMillis(), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aRunWithoutALogIsDrawnFromTheFactsAsOneProgramLane() {
        String svg = RunPicture.svg(CleanupLog.parse(""), ReportFixtures.printOnlyFacts());

        assertThat(count(svg, "<g class=\"program\"")).isEqualTo(1);
        assertThat(count(svg, "<g class=\"lane\"")).isZero();
        assertThat(count(svg, "<g class=\"moment\"")).isEqualTo(1);
        assertThat(count(svg, "<g class=\"signal\"")).isEqualTo(1);
        assertThat(svg).contains("the line &quot;started 2&quot;", ">exit 130<", "52 ms after the signal");
    }

    @Test
    void aSignalIsNamedOnceWhetherTheLogSaysIntOrSigint() {
        String svg = RunPicture.svg(CleanupLog.parse("""
                {"v":1,"seq":0,"t_ns":0,"event":"run_started","max_concurrent":1}
                {"v":1,"seq":1,"t_ns":1000000,"event":"signal_received","signal":"SIGINT","count":1,"action":"cancel"}
                {"v":1,"seq":2,"t_ns":2000000,"event":"signal_received","signal":"INT","count":2,"action":"repeated"}
                """), OptionalInt.of(130));

        assertThat(svg).contains(">SIGINT<", ">SIGINT #2<").doesNotContain("SIGSIG");
    }

    @Test
    void labelsNeverOverlapHoweverCloseTheirMarksAre() {
        List<Double> xs = new ArrayList<>();
        List<Double> widths = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            xs.add(400.0 + i * 3);
            widths.add((i % 3 + 5) * RunPicture.CHAR);
        }
        xs.add(855.0); // at the right edge: drawn left of its line
        widths.add(10 * RunPicture.CHAR);

        List<RunPicture.Placed> placed = RunPicture.place(xs, widths, 858);

        for (int i = 0; i < placed.size(); i++) {
            for (int j = i + 1; j < placed.size(); j++) {
                RunPicture.Placed a = placed.get(i);
                RunPicture.Placed b = placed.get(j);
                if (a.row() == b.row()) {
                    boolean apart = a.textX() + a.width() + RunPicture.GAP <= b.textX()
                            || b.textX() + b.width() + RunPicture.GAP <= a.textX();
                    assertThat(apart)
                            .as("labels %d and %d in row %d", i, j, a.row())
                            .isTrue();
                }
            }
        }
        assertThat(placed.get(placed.size() - 1).textX() + 10 * RunPicture.CHAR).isLessThanOrEqualTo(858);
    }

    @Test
    void theNoteOfTasksThatNeverStartedCountsAsTheTableDoes() {
        CleanupLog log = ReportFixtures.log("repeated-signals.jsonl");
        assertThat(RunPicture.svg(log, OptionalInt.empty()))
                .contains(RunCounts.of(log).neverStarted() + " tasks never started");
    }

    /** The "ms" caption ends where the axis starts; a tick right there keeps its line and loses its label. */
    @Test
    void noTickLabelRunsIntoTheAxisCaption() {
        // the first task is queued 0.1 ms before a round tick (400 ms), after a quiet start that the picture leaves
        // out, as in a BELOW_LIMIT run of the sample app
        CleanupLog log = CleanupLog.parse(String.join(
                "\n",
                "{\"v\":1,\"seq\":0,\"t_ns\":0,\"event\":\"run_started\",\"tasks\":1,\"max_concurrent\":2}",
                "{\"v\":1,\"seq\":1,\"t_ns\":399900000,\"event\":\"task_queued\",\"task\":1,\"name\":\"a\"}",
                "{\"v\":1,\"seq\":2,\"t_ns\":400100000,\"event\":\"task_started\",\"task\":1,\"slot\":1}",
                "{\"v\":1,\"seq\":3,\"t_ns\":850000000,\"event\":\"task_completed\",\"task\":1,\"slot\":1}",
                "{\"v\":1,\"seq\":4,\"t_ns\":860000000,\"event\":\"exit\",\"code\":0}"));
        String svg = RunPicture.svg(log, OptionalInt.of(0));
        String axis = svg.substring(svg.indexOf("<g class=\"axis\">"));
        Matcher label = Pattern.compile("<text x=\"([0-9.]+)\" y=\"\\d+\">([0-9.]+)</text>")
                .matcher(axis);
        int labels = 0;
        while (label.find()) {
            labels++;
            double leftEdge =
                    Double.parseDouble(label.group(1)) - label.group(2).length() * 2.8;
            assertThat(leftEdge)
                    .as("left edge of tick label %s", label.group(2))
                    .isGreaterThan(RunPicture.LABELS - 8);
        }
        assertThat(labels).as("tick labels").isGreaterThan(2);
    }

    private static double lineX(String svg, String kind) {
        Matcher m = Pattern.compile("<g class=\"" + kind + "\">.*?<line x1=\"([0-9.]+)\"")
                .matcher(svg);
        assertThat(m.find()).as("a " + kind + " marker").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The axis's scale, from two neighbouring ticks. */
    private static double pixelsPerMs(String svg) {
        Matcher m = Pattern.compile(
                        "<line x1=\"([0-9.]+)\" y1=\"\\d+\" x2=\"[0-9.]+\" y2=\"\\d+\"/><text x=\"[0-9.]+\" "
                                + "y=\"\\d+\">([0-9.]+)</text>")
                .matcher(svg);
        List<double[]> ticks = new ArrayList<>();
        while (m.find()) {
            ticks.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        assertThat(ticks).hasSizeGreaterThan(1);
        return (ticks.get(1)[0] - ticks.get(0)[0]) / (ticks.get(1)[1] - ticks.get(0)[1]);
    }

    private static int count(String text, String needle) {
        return (int)
                Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
