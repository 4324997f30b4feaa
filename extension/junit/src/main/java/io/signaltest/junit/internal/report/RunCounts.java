package io.signaltest.junit.internal.report;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.HashSet;
import java.util.Set;

/**
 * The counts of a run that the verdict table and the picture both show, taken from its log one way only, so that they
 * always agree.
 *
 * @param cleaned tasks whose cleanup finished
 * @param neverStarted tasks the log names that never started: cancelled before they started, or still queued when the
 *     program ended ({@code task_never_started})
 */
public record RunCounts(long cleaned, long neverStarted) {

    public static RunCounts of(CleanupLog log) {
        Set<Integer> cleaned = new HashSet<>();
        Set<Integer> started = new HashSet<>();
        Set<Integer> notStarted = new HashSet<>();
        for (LogRecord r : log.records()) {
            if (r.task().isEmpty()) {
                continue;
            }
            int id = r.task().getAsInt();
            switch (r.event()) {
                case LogEvents.CLEANUP_FINISHED -> cleaned.add(id);
                case LogEvents.TASK_STARTED -> started.add(id);
                case LogEvents.TASK_CANCELLED_BEFORE_START, LogEvents.TASK_NEVER_STARTED -> notStarted.add(id);
                default -> {
                    // not counted
                }
            }
        }
        notStarted.removeAll(started);
        return new RunCounts(cleaned.size(), notStarted.size());
    }
}
