package io.signaltest.agent.internal;

import io.signaltest.runtime.protocol.LogWriter;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the agent knows and decides during one run of the program: created once, when the agent is installed
 * ({@link Recorder#start}), and reached from the woven calls through {@link Recorder}'s one reference to it. Its
 * {@link #lock} guards every field that is not final or volatile; the classes that book records ({@link Ledger}) and
 * hold moments ({@link Holds}) are functions of this state, with no state of their own.
 */
final class AgentState {

    /** Guards every mutable field below; a thread waiting at a held moment waits on it. */
    final Object lock = new Object();

    final LogWriter log;
    /** The moments to hold at, in order, with repeats. */
    final List<String> holds;

    final long holdTimeoutMs;
    /** The executor whose moments count (a class name or a worker thread-name prefix), or null for the first. */
    final String follow;

    /** False once the program's own log won ({@code standAside}): every woven call returns at once. */
    volatile boolean active = true;

    /**
     * True from the first signal, or the program's first cancellation: only then can an interrupt be the program's
     * cancellation reaching a task. Read without the lock by the woven {@code Thread.interrupt}.
     */
    volatile boolean cancelling;

    boolean reportedBroken;

    final Map<Object, Tracked.Executor> executors = new IdentityHashMap<>();

    /** By the task's Runnable, or, for a task limited by a semaphore, by its (virtual) thread. */
    final Map<Object, Tracked.Task> tasks = new IdentityHashMap<>();

    /** The task each pool worker runs now, by the worker thread: how an interrupt finds the task it reaches. */
    final Map<Thread, Tracked.Task> runningOn = new IdentityHashMap<>();

    /** Submissions waiting at a held moment, by their key: booked as queued when the signal ends the hold. */
    final Map<Object, Tracked.Task> waitingAtHold = new IdentityHashMap<>();

    /** Classes of executors whose tasks the agent cannot follow, already reported. */
    final Set<String> unsupported = new LinkedHashSet<>();

    int nextExecutorId = 1;
    int nextTaskId = 1;
    boolean anyStarted;

    /** The program cancelled: its first shutdownNow of a busy executor, or its first interrupt of a task. */
    boolean programCancelled;

    String cancelSignal;
    int signals;
    int completed;
    int failed;
    int cancelledRunning;
    int cancelledBeforeStart;
    Integer exitCode;
    String exitChosenBy;
    String exitCaller;
    boolean finished;

    int nextHold;
    boolean held;
    long holdDeadline;

    AgentState(LogWriter log, List<String> holds, long holdTimeoutMs, String follow) {
        this.log = log;
        this.holds = holds;
        this.holdTimeoutMs = holdTimeoutMs;
        this.follow = follow;
    }
}
