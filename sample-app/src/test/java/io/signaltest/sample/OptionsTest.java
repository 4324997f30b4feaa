package io.signaltest.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class OptionsTest {

    @Test
    void noArgumentsMeansTheDefaults() throws Exception {
        Options options = Options.parse();

        assertThat(options).isEqualTo(new Options(10, 3, 1000, 200, null, null, Path.of("batch-output"), 0, false));
    }

    @Test
    void readsEveryOptionWithItsValueAfterASpaceOrAnEqualsSign() throws Exception {
        Options options = Options.parse(
                "--tasks",
                "8",
                "--max-concurrent=2",
                "--task-millis",
                "1500",
                "--cleanup-millis=300",
                "--log",
                "out/cleanup.jsonl",
                "--work-dir=work",
                "--output-dir",
                "done",
                "--fail-task",
                "5");

        assertThat(options)
                .isEqualTo(new Options(
                        8, 2, 1500, 300, Path.of("out/cleanup.jsonl"), Path.of("work"), Path.of("done"), 5, false));
    }

    @Test
    void helpWinsOverEverythingElseEvenMistakes() throws Exception {
        assertThat(Options.parse("--tasks", "ten", "--help").help()).isTrue();
        assertThat(Options.parse("--tasks", "4").help()).isFalse();
    }

    @Test
    void usageListsEveryOption() {
        assertThat(Options.USAGE)
                .contains(
                        "--tasks N",
                        "--max-concurrent M",
                        "--task-millis T",
                        "--cleanup-millis C",
                        "--log PATH",
                        "--work-dir DIR",
                        "--output-dir DIR",
                        "--fail-task K",
                        "--help");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvFileSource(resources = "/usage-mistakes.csv", delimiter = '|')
    void aMistakeIsNamedAndMeansExitCode2(String commandLine, String message) {
        Options.UsageException e =
                catchThrowableOfType(Options.UsageException.class, () -> Options.parse(commandLine.split(" ")));

        assertThat(e).as("parsing '%s' must fail", commandLine).isNotNull();
        assertThat(e).hasMessage(message);
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.report()).isEqualTo("batch-app: " + message + "\n\n" + Options.USAGE);
    }

    @Test
    void aPathThatCannotExistIsAMistake() {
        Options.UsageException e =
                catchThrowableOfType(Options.UsageException.class, () -> Options.parse("--output-dir", "out\0put"));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("--output-dir got 'out\0put', which is not a valid path here: ");
        assertThat(e.exitCode()).isEqualTo(2);
    }
}
