package io.signaltest.agent.internal;

import io.signaltest.runtime.protocol.LogEvents;
import io.signaltest.runtime.protocol.LogWriter;
import io.signaltest.runtime.protocol.WallClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The agent's entry points: the calls woven into the executors, the signal dispatcher and the JVM's shutdown, and the
 * installer's start. They write the cleanup log (format v1) and hold the armed moments as the runtime does; what each
 * kind of event books is in {@link PoolEvents}, {@link SemaphoreEvents} and {@link ExitEvents}. Loaded by the bootstrap
 * class loader, like the classes that call it. Every call is a no-op until {@link #start} and after
 * {@link #standAside}, and none ever throws into the program.
 *
 * <p>The run's state is one {@link AgentState}, created by {@link #start} and reached through {@link #state}, the
 * agent's one static field that changes: each entry point reads it once and hands it on.
 */
public final class Recorder {

    /** The run's state: null until the installer starts the agent. */
    private static volatile AgentState state;

    private Recorder() {}

    // ------------------------------------------------------------------ lifecycle

    /** Writes {@code run_started} and arms the moments; called once, by the installer (another class loader). */
    public static void start(LogWriter eventLog, List<String> armed, long timeoutMs, String followed, String version) {
        Map<String, String> dispositions = SignalNames.dispositions();
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String moment : armed) {
            (Holds.MOMENTS.contains(moment) ? known : unknown).add(moment);
        }
        AgentState s = new AgentState(eventLog, List.copyOf(known), timeoutMs, followed);
        synchronized (s.lock) {
            // "holds" lists the moments this run will hold at, in order, as the runtime's run_started
            // does: the harness reads it to know that every armed moment, repeated ones too, is honoured.
            s.log.write(
                    LogEvents.RUN_STARTED,
                    "pid",
                    ProcessHandle.current().pid(),
                    "writer",
                    "agent",
                    "agent_version",
                    version,
                    "tasks",
                    null,
                    "max_concurrent",
                    null,
                    "cleanup_deadline_ms",
                    null,
                    "signals",
                    dispositions,
                    "holds",
                    known,
                    "follow",
                    followed,
                    "java_version",
                    System.getProperty("java.version"),
                    "runtime_version",
                    null,
                    "wall_clock",
                    WallClock.now(),
                    "clock_origin_ns",
                    s.log.originNanos());
            for (Map.Entry<String, String> d : dispositions.entrySet()) {
                if (d.getValue().equals("inherited-ignored")) {
                    s.log.write(
                            LogEvents.SIGNAL_IGNORED,
                            "signal",
                            d.getKey(),
                            "disposition",
                            d.getValue(),
                            "detail",
                            "SIG" + d.getKey() + " was ignored when this JVM started (a parent ignored it), "
                                    + "so the program cannot receive it");
                }
            }
            for (String moment : unknown) {
                s.log.write(
                        LogEvents.HOLD_UNKNOWN,
                        "moment",
                        moment,
                        "detail",
                        "signaltest-agent knows "
                                + String.join(
                                        ", ", Holds.MOMENTS.stream().sorted().toList()));
            }
        }
        state = s;
    }

    /** The state, while the agent records: null before {@link #start} and after {@link #standAside}. */
    private static AgentState active() {
        AgentState s = state;
        return s != null && s.active ? s : null;
    }

    /**
     * The program writes its own log through the signaltest runtime ({@code runtimeLog} is the runtime's log writer):
     * that log wins, the agent records nothing more, and says so in it.
     */
    public static void standAside(Object runtimeLog) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            synchronized (s.lock) {
                s.active = false;
                s.held = false;
                s.lock.notifyAll();
            }
            runtimeLog
                    .getClass()
                    .getMethod("write", String.class, Object[].class)
                    .invoke(runtimeLog, LogEvents.AGENT_STOOD_ASIDE, new Object[] {
                        "detail",
                        "the program writes this log through the "
                                + "signaltest runtime, so signaltest-agent records nothing"
                    });
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("signaltest-agent: the program uses the signaltest runtime, whose log wins; "
                    + "the agent records nothing");
        }
    }

    // ------------------------------------------------------------------ the woven calls

    /** {@code ThreadPoolExecutor.execute} (or a scheduled pool's {@code delayedExecute}) is entered. */
    public static void submitting(ThreadPoolExecutor pool, Runnable task) {
        AgentState s = active();
        if (s == null || task == null) {
            return;
        }
        try {
            PoolEvents.submitting(s, pool, task);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code ThreadPoolExecutor.execute} (or {@code delayedExecute}) returns: the pool has {@code task}. */
    public static void submitted(Runnable task) {
        AgentState s = active();
        if (s == null || task == null) {
            return;
        }
        try {
            PoolEvents.submitted(s, task);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code ThreadPoolExecutor.reject}: the pool refused {@code task} (it is shut down, or full). */
    public static void rejected(ThreadPoolExecutor pool, Runnable task) {
        AgentState s = active();
        if (s == null || task == null) {
            return;
        }
        try {
            PoolEvents.rejected(s, pool, task);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /**
     * {@code ThreadPoolExecutor.runWorker} is about to call {@code beforeExecute(worker, task)}: the worker starts
     * {@code task}, whatever a subclass's {@code beforeExecute} does.
     */
    public static void starting(Thread worker, Runnable task, ThreadPoolExecutor pool) {
        AgentState s = active();
        if (s == null || task == null) {
            return;
        }
        try {
            PoolEvents.starting(s, pool, worker, task);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /**
     * {@code ThreadPoolExecutor.runWorker} is about to call {@code afterExecute(task, thrown)}: {@code task}'s run has
     * ended, by return or by {@code thrown}, whatever a subclass's {@code afterExecute} does.
     */
    public static void ended(Runnable task, Throwable thrown, ThreadPoolExecutor pool) {
        AgentState s = active();
        if (s == null || task == null) {
            return;
        }
        try {
            PoolEvents.ended(s, task, thrown);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code ThreadPoolExecutor.shutdownNow} is entered: the program cancels what runs on {@code pool}. */
    public static void shuttingDownNow(ThreadPoolExecutor pool) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            PoolEvents.shuttingDownNow(s, pool);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /**
     * {@code ThreadPoolExecutor.awaitTermination} returns {@code terminated}: the program waited for {@code pool}'s
     * tasks, and they ended in time, or it gave up.
     */
    public static void awaited(boolean terminated, ThreadPoolExecutor pool) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            PoolEvents.awaited(s, pool, terminated);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code ThreadPoolExecutor.shutdownNow} returns {@code returned}: tasks cancelled before they started. */
    public static void drained(List<Runnable> returned, ThreadPoolExecutor pool) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            PoolEvents.drained(s, returned);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code Thread.interrupt} (or a virtual thread's): another thread interrupts {@code thread}. */
    public static void interrupting(Thread thread) {
        AgentState s = state;
        // checked without the lock: every interrupt of the program passes here, and only these few are of interest
        if (s == null || !s.active || !s.cancelling || thread == Thread.currentThread()) {
            return;
        }
        try {
            PoolEvents.interrupting(s, thread);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code Semaphore.acquire} is entered; on a virtual thread, a task waits for a slot. */
    public static void acquiring(Semaphore semaphore) {
        AgentState s = active();
        if (s == null || !SemaphoreEvents.onVirtualThread()) {
            return;
        }
        try {
            SemaphoreEvents.acquiring(s, semaphore);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code Semaphore.acquire} returns: the task has its slot and starts. */
    public static void acquired(Semaphore semaphore) {
        AgentState s = active();
        if (s == null || !SemaphoreEvents.onVirtualThread()) {
            return;
        }
        try {
            SemaphoreEvents.acquired(s);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code Semaphore.release}: on a virtual thread that holds a slot, its task has ended. */
    public static void releasing(Semaphore semaphore) {
        AgentState s = active();
        if (s == null || !SemaphoreEvents.onVirtualThread()) {
            return;
        }
        try {
            SemaphoreEvents.releasing(s);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** A virtual-thread-per-task executor's {@code shutdownNow}. */
    public static void virtualShutdownNow() {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            SemaphoreEvents.virtualShutdownNow(s);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** A {@code ForkJoinPool}'s worker starts: its tasks are out of the agent's reach, and the log says so. */
    public static void forkJoinWorker(Thread worker) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            String type = worker instanceof ForkJoinWorkerThread w && w.getPool() != null
                    ? w.getPool().getClass().getName()
                    : "java.util.concurrent.ForkJoinPool";
            unsupported(
                    s,
                    type,
                    "a ForkJoinPool runs tasks the agent cannot follow (parallel streams, "
                            + "CompletableFuture's async methods without an executor, its own submissions): it has "
                            + "no worker hooks to see a task start and end, and no shutdownNow that cancels them");
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code CompletableFuture}'s own executor (a thread per task, on a machine whose common pool has one thread). */
    public static void completableFutureThread() {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            unsupported(
                    s,
                    "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor",
                    "CompletableFuture's async methods without an executor start a new thread per task on a machine "
                            + "whose common pool has a single thread: there is no pool to follow, and nothing "
                            + "that cancels them");
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    private static void unsupported(AgentState s, String type, String detail) {
        synchronized (s.lock) {
            Ledger.unsupported(s, type, detail);
        }
    }

    /** The JVM dispatches signal {@code number} to whichever handler the program (or the JVM) installed. */
    public static void signal(int number) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            ExitEvents.signal(s, number);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code Shutdown.exit}: System.exit, Runtime.exit or the JVM's own handler of a signal. */
    public static void exitRequested(int code) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            ExitEvents.exitRequested(s, code);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** {@code Runtime.halt}: the JVM stops now, without shutdown hooks. */
    public static void haltRequested(int code) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            ExitEvents.haltRequested(s, code);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** The JVM starts the program's shutdown hooks. */
    public static void hooksStarting(Map<?, ?> hooks) {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            ExitEvents.hooksStarting(s, hooks);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** The program's shutdown hooks have ended. */
    public static void hooksFinished() {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            ExitEvents.hooksFinished(s);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** The JVM's shutdown is over (after the last hook, or at a halt): the run's last records. */
    public static void finish() {
        AgentState s = active();
        if (s == null) {
            return;
        }
        try {
            ExitEvents.finish(s);
        } catch (RuntimeException | Error e) {
            broken(s, e);
        }
    }

    // ------------------------------------------------------------------ services

    /**
     * {@code HttpServlet.service(ServletRequest, ServletResponse)} is entered: a container hands a servlet a request.
     */
    public static void servletRequest(Object request) {
        AgentState s = active();
        if (s == null || request == null) {
            return;
        }
        try {
            RequestEvents.servlet(s, request);
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /**
     * The JDK's {@code HttpServer} is about to call {@code handler.handle(exchange)} at the end of the filter chain
     * {@code chain}.
     */
    public static void exchangeHandled(Object handler, Object exchange, Object chain) {
        AgentState s = active();
        if (s == null || exchange == null) {
            return;
        }
        try {
            RequestEvents.exchange(s, handler, exchange);
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            broken(s, e);
        }
    }

    /** An error of the agent itself: said once on stderr, never thrown into the program. */
    private static void broken(AgentState s, Throwable e) {
        synchronized (s.lock) {
            if (s.reportedBroken) {
                return;
            }
            s.reportedBroken = true;
        }
        System.err.println("signaltest-agent failed, so the cleanup log may miss records: " + e);
    }
}
