package io.signaltest.junit.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The picture of known logs: lanes, bars and markers as the log has them. */
class RunPictureTest {

    static java.util.List<ReportFixtures.Known> known() {
        return ReportFixtures.KNOWN;
    }

    @ParameterizedTest
    @MethodSource("known")
    void drawsALanePerSlotABarPerStartedTaskAndAMarkerPerSignal(ReportFixtures.Known known) {
        String svg = RunPicture.svg(ReportFixtures.log(known.log()), OptionalInt.empty());

        assertThat(count(svg, "<g class=\"lane\"")).as("lanes").isEqualTo(known.lanes());
        assertThat(count(svg, "<g class=\"task\"")).as("bars").isEqualTo(known.bars());
        assertThat(count(svg, "<g class=\"signal\"")).as("signal markers").isEqualTo(known.signals());
        assertThat(count(svg, "<g class=\"exit\"")).as("the exit").isEqualTo(1);
    }

    @Test
    void marksACleanupThatNeverFinishedAsCutShort() {
        String cutShort = RunPicture.svg(ReportFixtures.log("cut-short.jsonl"), OptionalInt.of(130));
        String whole = RunPicture.svg(ReportFixtures.log("repeated-signals.jsonl"), OptionalInt.empty());

        assertThat(count(cutShort, "class=\"cleanup cut-short\"")).isEqualTo(1);
        assertThat(cutShort).contains(">cut short<", ">exit 130<", ">DURING_CLEANUP<", ">SIGINT #2<");
        assertThat(whole).doesNotContain("cut-short").contains(">exit 130<", "4 tasks never started");
    }

    private static int count(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
