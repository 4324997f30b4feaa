package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The tasks of a run that have not started, and where they come from: a list, known in full from the start, or a lazy
 * source, read only as slots free up. Not thread-safe: a run guards it with its lock ({@link RunState}), except
 * {@link #pull()}, which {@link Admission} calls outside the lock on purpose.
 *
 * <p>Ids are 1-based and given in the order the tasks become known: the list's order, or the order they are taken from
 * the source. Tasks {@code 1..known()} are known; tasks {@code 1..started()} have had a slot. Neither a list nor a lazy
 * source costs an object per queued task here: a list is read by index, and a lazy source holds at most a few tasks
 * taken ahead.
 */
final class TaskQueue {

    private final List<Task> list;
    private final Iterator<? extends Task> source;
    /** The tasks taken from a lazy source that have not started yet, in id order (a list uses {@link #list}). */
    private final List<Task> takenAhead = new ArrayList<>(2);

    private int known;
    private int started;
    private boolean exhausted;

    private TaskQueue(List<Task> list, Iterator<? extends Task> source) {
        this.list = list;
        this.source = source;
        this.known = list == null ? 0 : list.size();
        this.exhausted = list != null;
    }

    static TaskQueue of(List<Task> tasks) {
        return new TaskQueue(tasks, null);
    }

    static TaskQueue lazy(Iterator<? extends Task> source) {
        return new TaskQueue(null, source);
    }

    boolean isLazy() {
        return list == null;
    }

    /** How many tasks the run knows: the list's size, or how many were taken from the source so far. */
    int known() {
        return known;
    }

    int started() {
        return started;
    }

    /** Known tasks that have not started. */
    int waiting() {
        return known - started;
    }

    /**
     * True when every task of the source is known: always for a list; for a lazy source once it said it has no more.
     */
    boolean exhausted() {
        return exhausted;
    }

    /**
     * Task {@code id} of a list, or a task taken from a lazy source that has not started ({@code started() < id <=
     * known()}).
     */
    Task task(int id) {
        return list != null ? list.get(id - 1) : takenAhead.get(id - started - 1);
    }

    /** The next waiting task, which now starts; its id is {@link #started()} afterwards. */
    Task start() {
        Task task = list != null ? list.get(started) : takenAhead.remove(0);
        started++;
        return task;
    }

    /**
     * Asks a lazy source for its next task: the caller does this without holding the run's lock, since a source may
     * read a file or a network. Returns null at the end of the source.
     *
     * @throws NullPointerException when the source gives a null task
     */
    Task pull() {
        if (!source.hasNext()) {
            return null;
        }
        Task task = source.next();
        if (task == null) {
            throw new NullPointerException("the task source gave a null task (it would have been task " + (known + 1)
                    + "); a source must give only tasks");
        }
        return task;
    }

    /** Makes a task taken from the source known; returns its id. */
    int add(Task task) {
        takenAhead.add(task);
        return ++known;
    }

    /** The source has no more tasks, or may not be asked again. */
    void markExhausted() {
        exhausted = true;
    }
}
