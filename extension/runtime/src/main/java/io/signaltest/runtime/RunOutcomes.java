package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run keeps of how its tasks ended, and the {@link RunResult} made of it: a count per terminal state, the
 * started tasks that did not simply complete, and a lazy source's tasks that were taken but written off. A task that
 * completed leaves only a count behind, so memory does not grow with the number of tasks; every task's outcome is built
 * only when the application asks for it. Apart because the result is the application's view, built once at the end: the
 * other parts only report to it as tasks end. Used under the run's lock.
 */
final class RunOutcomes {

    /*
     * The code that runs after a signal avoids lambdas and string concatenation: each links its
     * call site on first use, which costs a cold process milliseconds at the worst moment. These
     * comparators are linked when the class loads, which the run does when it is created.
     */
    private static final Comparator<StartedTask> STARTED_BY_ID = (a, b) -> Integer.compare(a.id, b.id);
    private static final Comparator<TaskOutcome> OUTCOMES_BY_ID = (a, b) -> Integer.compare(a.id(), b.id());

    private final RunState run;
    private final TaskQueue queue;
    private final int[] stateCounts = new int[TaskState.values().length];
    /** Started tasks that ended other than by completing cleanly: the only ones whose outcome is kept. */
    private final List<StartedTask> notable = new ArrayList<>();
    /** A lazy source's tasks that were taken but never started: a list's are known by index. */
    private final List<TaskOutcome> writtenOffTaken = new ArrayList<>();

    RunOutcomes(RunState run) {
        this.run = run;
        this.queue = run.queue;
    }

    int count(TaskState state) {
        return stateCounts[state.ordinal()];
    }

    /** Sets a task's terminal state, keeping the counts that the finish records need. */
    void settle(StartedTask e, TaskState state) {
        e.state = state;
        stateCounts[state.ordinal()]++;
    }

    /** A task's cleanup was booked as ended: its outcome is kept unless it simply completed. */
    void ended(StartedTask e) {
        if (e.state != TaskState.COMPLETED || e.cleanupFailure != null || e.overran) {
            notable.add(e);
        }
    }

    /** {@code count} tasks that never started were written off. */
    void cancelledBeforeStart(int count) {
        stateCounts[TaskState.CANCELLED_BEFORE_START.ordinal()] += count;
    }

    /**
     * Task {@code id}, written off, was taken from a lazy source: its outcome is kept, as it has no index in a list.
     */
    void takenButWrittenOff(int id, Task task) {
        writtenOffTaken.add(
                new TaskOutcome(id, task.name(), TaskState.CANCELLED_BEFORE_START, null, null, false, false));
    }

    RunResult result(Throwable sourceFailure, RunLog log) {
        long[] counts = new long[stateCounts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = stateCounts[i];
        }
        List<TaskOutcome> failures = new ArrayList<>();
        List<TaskOutcome> abandoned = new ArrayList<>();
        List<StartedTask> ended = new ArrayList<>(notable);
        ended.addAll(run.live());
        ended.sort(STARTED_BY_ID);
        for (StartedTask e : ended) {
            if (e.state == null) {
                counts[TaskState.CANCELLED.ordinal()]++; // only an abandoned task has no terminal state yet
            }
            TaskOutcome outcome = outcome(e);
            if (outcome.state() == TaskState.FAILED || outcome.cleanupFailure() != null) {
                failures.add(outcome);
            }
            if (outcome.cleanupAbandoned()) {
                abandoned.add(outcome);
            }
        }
        List<TaskOutcome> kept = new ArrayList<>();
        for (StartedTask e : ended) {
            kept.add(outcome(e));
        }
        kept.addAll(writtenOffTaken);
        kept.sort(OUTCOMES_BY_ID);
        return new RunResult(
                new Outcomes(kept),
                counts,
                failures,
                abandoned,
                sourceFailure,
                run.cause,
                run.signalName,
                run.signalNumber,
                run.signalCount,
                log);
    }

    /**
     * Every task's outcome for a list, built from the few kept ones: a started task with no kept outcome completed, a
     * task that never started was cancelled before start. A lazy source keeps no trace of completed tasks, so its
     * outcomes are the kept ones.
     */
    private List<TaskOutcome> outcomes(List<TaskOutcome> kept) {
        if (queue.isLazy()) {
            return kept;
        }
        Map<Integer, TaskOutcome> byId = new HashMap<>();
        for (TaskOutcome o : kept) {
            byId.put(o.id(), o);
        }
        List<TaskOutcome> outcomes = new ArrayList<>(queue.known());
        for (int id = 1; id <= queue.known(); id++) {
            TaskOutcome o = byId.get(id);
            if (o == null) {
                TaskState state = id <= queue.started() ? TaskState.COMPLETED : TaskState.CANCELLED_BEFORE_START;
                o = new TaskOutcome(id, queue.task(id).name(), state, null, null, false, false);
            }
            outcomes.add(o);
        }
        return outcomes;
    }

    /** Every outcome, built when the application asks for them (a named class: no lambda to link after a signal). */
    private final class Outcomes implements java.util.function.Supplier<List<TaskOutcome>> {
        private final List<TaskOutcome> kept;

        Outcomes(List<TaskOutcome> kept) {
            this.kept = kept;
        }

        @Override
        public List<TaskOutcome> get() {
            return outcomes(kept);
        }
    }

    private static TaskOutcome outcome(StartedTask e) {
        // no state yet: a started task whose cleanup was abandoned
        TaskState state = e.state == null ? TaskState.CANCELLED : e.state;
        return new TaskOutcome(e.id, e.task.name(), state, e.failure, e.cleanupFailure, e.overran, e.abandoned);
    }
}
