package io.signaltest.junit.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The symptom of a failure is its first real finding, also behind a soft-assertion error. */
class FindingsTest {

    private static final String CHECK = """

            Expecting every started task to have been cleaned up exactly once
            but:
              task 2 started but its cleanup never ran
              task 3 started but its cleanup never ran
            hint: run the cleanup in a finally block
            run:
              command:   java -jar app.jar
            """;

    @Test
    void takesTheLinesUnderBut() {
        assertThat(Findings.of(new AssertionError(CHECK)))
                .containsExactly(
                        "task 2 started but its cleanup never ran", "task 3 started but its cleanup never ran");
    }

    @Test
    void opensASoftAssertionErrorInsteadOfNamingItsHeading() {
        Throwable soft = catchThrowable(() -> {
            SoftAssertions softly = new SoftAssertions();
            softly.fail(CHECK);
            softly.fail("\nExpecting no file left in work\nbut:\n  work/a.part\nrun:\n");
            softly.assertAll();
        });

        assertThat(soft.getMessage()).contains("Multiple Failures");
        assertThat(Findings.of(soft))
                .containsExactly(
                        "task 2 started but its cleanup never ran",
                        "task 3 started but its cleanup never ran",
                        "work/a.part");
    }

    @Test
    void takesTheFirstLineOfAMessageOfAnotherShape() {
        assertThat(Findings.of(new AssertionError("The child never reached QUEUE_WAITING within 60000 ms.\nmore")))
                .containsExactly("The child never reached QUEUE_WAITING within 60000 ms.");
    }
}
