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
        /**
         * The program called the pool's {@code shutdownNow}: a task that starts from now on was given to its worker
         * before (the pool runs it with its thread interrupted), not taken from the queue after.
         */
        boolean stopped;

        Executor(int id, ThreadPoolExecutor pool) {
            this(id, pool, pool.getClass(), slotsOf(pool));
        }

        /**
         * How many tasks the pool runs at once: its {@code maximumPoolSize}, except over an unbounded queue (a fixed
         * pool, a scheduled pool, Spring's default), where it never starts a thread beyond its core size.
         */
        static int slotsOf(ThreadPoolExecutor pool) {
            int max = pool.getMaximumPoolSize();
            if (pool.getQueue().remainingCapacity() >= Integer.MAX_VALUE / 2) {
                return Math.max(1, Math.min(max, pool.getCorePoolSize()));
            }
            return max;
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
        /** Whether its task_queued record is written. */
        boolean queuedLogged;
        /** The pool's {@code execute} returned: the pool has the task (a submission in flight has not). */
        boolean accepted;
        /**
         * Who cancelled it while it waited ({@code shutdownNow}: a virtual thread interrupted in {@code acquire}),
         * booked when it is sure that it never started: at the JVM's end; null while nobody did.
         */
        String cancelledWhileQueued;
        /** The program's interrupt reached its thread while it waited for a permit. */
        boolean interruptDelivered;
        /** Interrupted while it waited, it waited for a permit again: a start after that is the program's doing. */
        boolean retriedAfterInterrupt;

        int slot;
        String thread;
        /** Its cleanup has begun: the program's cancellation reached it while it ran. */
        boolean inCleanup;

        long cleanupStartNanos;
        /** It was running when the first signal arrived, or when the program cancelled: its end is a cancellation. */
        boolean cancelledWhileRunning;

        Task(int id, Executor executor, String name) {
            this.id = id;
            this.executor = executor;
            this.name = name;
        }
    }
}
