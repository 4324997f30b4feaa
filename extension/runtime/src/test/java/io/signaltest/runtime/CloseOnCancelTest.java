package io.signaltest.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a task registered with {@code closeOnCancel} is closed once, in reverse order, and late ones at once. */
class CloseOnCancelTest {

    private final List<String> events = new ArrayList<>();
    private final CloseOnCancel closeOnCancel = new CloseOnCancel(e -> events.add("failed: " + e.getMessage()));

    @Test
    void closesEverythingOnceInReverseOrder() {
        closeOnCancel.add(() -> events.add("socket"), false);
        closeOnCancel.add(() -> events.add("process output"), false);
        assertEquals(List.of(), events, "nothing is closed before the cancellation");

        closeOnCancel.closeAll();
        closeOnCancel.closeAll();

        assertEquals(List.of("process output", "socket"), events);
    }

    @Test
    void closesWhatComesAfterTheCancellationAtOnce() {
        closeOnCancel.closeAll();
        closeOnCancel.add(() -> events.add("late"), false);
        closeOnCancel.add(() -> events.add("cancelled already"), true);

        assertEquals(List.of("late", "cancelled already"), events);
    }

    @Test
    void aCloseThatThrowsIsReportedAndTheOthersAreClosed() {
        closeOnCancel.add(() -> events.add("first"), false);
        closeOnCancel.add(
                () -> {
                    throw new IOException("broken pipe");
                },
                false);

        closeOnCancel.closeAll();

        assertEquals(List.of("failed: broken pipe", "first"), events);
    }
}
