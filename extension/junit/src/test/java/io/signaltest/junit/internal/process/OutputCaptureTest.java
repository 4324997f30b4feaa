package io.signaltest.junit.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCaptureTest {

    @TempDir
    Path directory;

    @Test
    void splitsLinesAcrossWritesAndCopiesThemToTheFile() {
        Path file = directory.resolve("stdout.txt");
        OutputCapture capture = new OutputCapture(file, new Progress());
        write(capture, "first li");
        assertThat(capture.lines()).isEmpty();
        write(capture, "ne\r\nsecond line\nthird, ünïcode");
        assertThat(capture.lines()).containsExactly("first line", "second line");
        assertThat(file).content(StandardCharsets.UTF_8).isEqualTo("first line\r\nsecond line\n");

        capture.finish();
        assertThat(capture.text()).isEqualTo("first line\nsecond line\nthird, ünïcode\n");
        assertThat(file).content(StandardCharsets.UTF_8).isEqualTo("first line\r\nsecond line\nthird, ünïcode\n");
    }

    @Test
    void smallOutputIsKeptWholeInMemory() {
        OutputCapture capture = new OutputCapture(directory.resolve("stdout.txt"), new Progress());
        write(capture, "one\ntwo\n");
        capture.finish();
        assertThat(capture.captured().wholeInMemory()).isTrue();
        assertThat(capture.captured().text("stdout")).isEqualTo("one\ntwo\n");
    }

    @Test
    void aWatcherHearsEveryLineOnceEvenTheOnesBeforeItCame() {
        OutputCapture capture = new OutputCapture(directory.resolve("stdout.txt"), new Progress());
        write(capture, "one\r\ntwo\nthr");
        List<String> heard = new ArrayList<>();
        capture.watch(heard::add);
        write(capture, "ee\nfour\n");
        capture.finish();
        assertThat(heard).containsExactly("one", "two", "three", "four");
    }

    @Test
    void linesThatCameInTheLastWriteWithALaterOneCameWithTheEndEvenWhenReplayed() {
        OutputCapture capture = new OutputCapture(directory.resolve("stdout.txt"), new Progress());
        write(capture, "early\n");
        write(capture, "moment\nlast\n"); // one write: a buffer the program flushed as it exited
        List<Long> indexes = new ArrayList<>();
        capture.watch(line -> indexes.add(capture.currentLine())); // after the lines came: replayed
        assertThat(indexes).containsExactly(0L, 1L, 2L);
        assertThat(capture.cameWithTheEnd(1)).as("before the stream ended").isFalse();

        capture.finish();

        assertThat(capture.cameWithTheEnd(1))
                .as("the line that came with the last one")
                .isTrue();
        assertThat(capture.cameWithTheEnd(0)).as("a line of an earlier write").isFalse();
        assertThat(capture.cameWithTheEnd(2)).as("the last line itself").isFalse();
    }

    @Test
    void aLineFollowedByALaterWriteDidNotComeWithTheEnd() {
        OutputCapture capture = new OutputCapture(directory.resolve("stdout.txt"), new Progress());
        List<Long> indexes = new ArrayList<>();
        capture.watch(line -> indexes.add(capture.currentLine()));
        write(capture, "one\nmoment\n");
        write(capture, "after the signal\n");
        capture.finish();

        assertThat(indexes).containsExactly(0L, 1L, 2L);
        assertThat(capture.cameWithTheEnd(1)).isFalse();
    }

    @Test
    void largeOutputStaysInItsFileAndOnlyItsTailInMemory() {
        Path file = directory.resolve("stdout.txt");
        OutputCapture capture = new OutputCapture(file, new Progress());
        String line = "x".repeat(99) + "\n";
        int lines = OutputCapture.WHOLE_TEXT_BYTES / 100 + 1_000;
        for (int i = 0; i < lines; i++) {
            write(capture, i + line);
        }
        capture.finish();
        CapturedOutput captured = capture.captured();
        assertThat(captured.wholeInMemory())
                .as("the whole text is still in memory")
                .isFalse();
        assertThat(captured.lineCount()).isEqualTo(lines);
        assertThat(captured.tail())
                .hasSize(OutputCapture.TAIL_LINES)
                .last()
                .asString()
                .startsWith((lines - 1) + "xxx");
        try (Stream<String> all = captured.lines()) {
            assertThat(all.count()).isEqualTo(lines);
        }
        assertThat(captured.text("stdout")).hasLineCount(lines).startsWith("0xxx");
    }

    @Test
    void aLongLineReachesTheFileWholeAndMemoryCut() throws Exception {
        Path file = directory.resolve("stdout.txt");
        OutputCapture capture = new OutputCapture(file, new Progress());
        List<String> heard = new ArrayList<>();
        capture.watch(heard::add);
        char[] chunk = new char[10_000];
        Arrays.fill(chunk, 'y');
        for (int i = 0; i < 20; i++) {
            write(capture, new String(chunk));
        }
        write(capture, "\nshort\n");
        capture.finish();
        assertThat(Files.size(file)).isEqualTo(200_000 + 1 + 6);
        assertThat(heard).hasSize(2);
        assertThat(heard.get(0)).hasSize(OutputCapture.MAX_LINE_BYTES);
        assertThat(heard.get(1)).isEqualTo("short");
    }

    @Test
    void refusesToReturnOutputTooLargeForOneStringAndSaysWhatToUse() {
        CapturedOutput huge = new CapturedOutput(
                directory.resolve("stdout.txt"),
                null,
                12_000_000,
                CapturedOutput.MAX_TEXT_BYTES + 1,
                List.of("last"),
                null);
        assertThatThrownBy(() -> huge.text("stdout"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The child's stdout is 16.0 MiB (12,000,000 lines), more than signaltest "
                        + "returns as one String (16.0 MiB)")
                .hasMessageContaining("SignalRun.stdoutLines()")
                .hasMessageContaining(directory.resolve("stdout.txt").toString());
    }

    private static void write(OutputCapture capture, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        capture.write(bytes, 0, bytes.length);
    }
}
