package io.signaltest.junit.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        assertThat(capture.linesFrom(1)).containsExactly("second line");
        assertThat(file).content(StandardCharsets.UTF_8).isEqualTo("first line\r\nsecond line\n");

        capture.finish();
        assertThat(capture.text()).isEqualTo("first line\nsecond line\nthird, ünïcode\n");
        assertThat(file).content(StandardCharsets.UTF_8).isEqualTo("first line\r\nsecond line\nthird, ünïcode\n");
    }

    private static void write(OutputCapture capture, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        capture.write(bytes, 0, bytes.length);
    }
}
