package io.signaltest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskNamesTest {

    @Test
    void aTaskIsNamedByItsToString() {
        Runnable task = new Runnable() {
            @Override
            public void run() {}

            @Override
            public String toString() {
                return "FileJob[input-3]";
            }
        };
        assertThat(TaskNames.describe(task)).isEqualTo("FileJob[input-3]");
    }

    @Test
    void aLambdaIsNamedByTheClassThatWroteIt() {
        Runnable task = () -> {};
        assertThat(TaskNames.describe(task)).isEqualTo("a lambda in " + TaskNamesTest.class.getName());
    }

    @Test
    void aLongNameIsCut() {
        String longName = "x".repeat(TaskNames.MAX_NAME + 10);
        Runnable task = new Runnable() {
            @Override
            public void run() {}

            @Override
            public String toString() {
                return longName;
            }
        };
        assertThat(TaskNames.describe(task)).hasSize(TaskNames.MAX_NAME + 3).endsWith("...");
    }
}
