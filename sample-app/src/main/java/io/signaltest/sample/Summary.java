package io.signaltest.sample;

import io.signaltest.runtime.RunResult;
import io.signaltest.runtime.TaskOutcome;
import io.signaltest.runtime.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few lines {@link BatchApp} prints when it ends, for a person: what ended the run, how each task ended, the exit
 * code, then one line per problem. For example:
 *
 * <pre>
 * interrupted by SIGINT: 3 done, 2 cancelled while running (cleaned up), 5 never started; exit 130
 * </pre>
 */
final class Summary {

    private Summary() {}

    static String of(RunResult result) {
        return format(result.outcomes(), result.cancelCause(), result.signal(), result.exitCode());
    }

    /**
     * @param cause what cancelled the run ({@code "signal"}, {@code "fail-fast"}, {@code "harness-gone"}), if anything
     * @param signal the signal that cancelled it, without "SIG", if one did
     * @param exitCode the code the process exits with
     */
    static String format(List<TaskOutcome> outcomes, Optional<String> cause, Optional<String> signal, int exitCode) {
        List<String> problems = new ArrayList<>();
        for (TaskOutcome o : outcomes) {
            String task = "  task " + o.id() + " (" + o.name() + ")";
            if (o.state() == TaskState.FAILED) {
                problems.add(task + " failed: " + o.failure());
            }
            if (o.cleanupFailure() != null) {
                problems.add(task + " cleanup failed: " + o.cleanupFailure());
            }
            if (o.cleanupOverran()) {
                problems.add(task + " cleanup overran its deadline");
            }
            if (o.cleanupAbandoned()) {
                problems.add(task + " cleanup abandoned");
            }
        }

        String headline;
        if (signal.isPresent()) {
            headline = "interrupted by SIG" + signal.get();
        } else if (cause.isPresent()) {
            headline = "stopped (" + cause.get() + ")";
        } else {
            headline = problems.isEmpty() ? "finished" : "finished with problems";
        }

        List<String> counts = new ArrayList<>();
        counts.add(count(outcomes, TaskState.COMPLETED) + " done");
        long failed = count(outcomes, TaskState.FAILED);
        long cancelled = count(outcomes, TaskState.CANCELLED);
        long neverStarted = count(outcomes, TaskState.CANCELLED_BEFORE_START);
        if (failed > 0) {
            counts.add(failed + " failed");
        }
        if (cancelled > 0) {
            counts.add(cancelled + " cancelled while running (cleaned up)");
        }
        if (neverStarted > 0) {
            counts.add(neverStarted + " never started");
        }

        StringBuilder text = new StringBuilder(headline)
                .append(": ")
                .append(String.join(", ", counts))
                .append("; exit ")
                .append(exitCode);
        problems.forEach(p -> text.append('\n').append(p));
        return text.toString();
    }

    private static long count(List<TaskOutcome> outcomes, TaskState state) {
        return outcomes.stream().filter(o -> o.state() == state).count();
    }
}
