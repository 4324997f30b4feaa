package io.signaltest.agent.internal;

import java.util.concurrent.ThreadPoolExecutor;

/** What the agent knows about the executors and tasks it has seen; guarded by the recorder's lock. */
final class Tracked {

    private Tracked() {}

    /**
     * What limits the run's tasks: a pool (its maximumPoolSize is the slots, its workers' tasks are the tasks), or a
     * semaphore that virtual threads acquire (its permits are the slots, the threads blocked in acquire are the queue).
     */
    static final class Executor {
        final int id;
        /** The pool, or null for a semaphore. */
        final ThreadPoolExecutor pool;

        final Class<?> type;
        final String label;
        final int max;
        private boolean[] slots = new boolean[4];
        String threadPrefix = "";
        int queued;
        int running;
        int inCleanup;

        Executor(int id, ThreadPoolExecutor pool) {
            this(id, pool, pool.getClass(), pool.getMaximumPoolSize());
        }

        Executor(int id, ThreadPoolExecutor pool, Class<?> type, int max) {
            this.id = id;
            this.pool = pool;
            this.type = type;
            this.max = max;
            this.label = type.getName() + "#" + id;
        }

        int occupied() {
            return running + inCleanup;
        }

        int takeSlot() {
            for (int i = 0; i < slots.length; i++) {
                if (!slots[i]) {
                    slots[i] = true;
                    return i + 1;
                }
            }
            boolean[] more = new boolean[slots.length * 2];
            System.arraycopy(slots, 0, more, 0, slots.length);
            int slot = slots.length;
            more[slot] = true;
            slots = more;
            return slot + 1;
        }

        void freeSlot(int slot) {
            if (slot >= 1 && slot <= slots.length) {
                slots[slot - 1] = false;
            }
        }

        /** Whether {@code name} (a class name or a worker thread-name prefix) names this executor. */
        boolean answersTo(String name) {
            return type.getName().equals(name)
                    || type.getSimpleName().equals(name)
                    || (!threadPrefix.isEmpty() && threadPrefix.startsWith(name));
        }
    }

    enum State {
        QUEUED,
        RUNNING
    }

    /** A task, from its submission to its end. */
    static final class Task {
        final int id;
        final Executor executor;
        final String name;
        State state = State.QUEUED;
        /** The task_queued record is written once the submission is accepted, or when it starts, whichever is first. */
        boolean queuedLogged;
        /**
         * Submitted while a moment was held, and the signal came first: the pool is shut down by the time the
         * submission goes on, so it will be rejected.
         */
        boolean heldUntilShutdown;

        int slot;
        String thread;
        boolean inCleanup;
        long cleanupStartNanos;

        Task(int id, Executor executor, String name) {
            this.id = id;
            this.executor = executor;
            this.name = name;
        }
    }
}
