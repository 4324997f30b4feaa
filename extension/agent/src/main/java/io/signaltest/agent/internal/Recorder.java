package io.signaltest.agent.internal;

import static io.signaltest.agent.internal.Holds.*;
import static io.signaltest.agent.internal.Ledger.*;

import io.signaltest.runtime.protocol.LogEvents;
import io.signaltest.runtime.protocol.LogWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The agent's entry points: the calls woven into the executors, the signal dispatcher and the JVM's shutdown, and the
 * installer's start. They write the cleanup log (format v1) and hold the armed moments exactly as the runtime does;
 * what each kind of event books is in {@link PoolEvents}, {@link SemaphoreEvents} and {@link ExitEvents}, the run's
 * state in {@link Ledger}, the moments in {@link Holds}. Loaded by the bootstrap class loader, like the classes that
 * call it. Every call is a no-op until {@link #start} and after {@link #standAside}, and none ever throws into the
 * program.
 *
 * <p>One lock guards everything. A hold is a gate: while it is closed no task is queued or started and no task end is
 * booked; the threads that would do so wait on the lock.
 */
public final class Recorder {

    private static boolean reportedBroken;

    private Recorder() {}

    // ------------------------------------------------------------------ lifecycle

    /** Writes {@code run_started} and arms the moments; called once, by the installer (another class loader). */
    public static void start(LogWriter eventLog, List<String> armed, long timeoutMs, String followed, String version) {
        Map<String, String> dispositions = SignalNames.dispositions();
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String moment : armed) {
            (MOMENTS.contains(moment) ? known : unknown).add(moment);
        }
        synchronized (LOCK) {
            log = eventLog;
            holdTimeoutMs = timeoutMs;
            follow = followed;
            // "holds" lists the moments this run will hold at, in order, as the runtime's run_started
            // does: the harness reads it to know that every armed moment, repeated ones too, is honoured.
            log.write(
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
                    Instant.now().toString(),
                    "clock_origin_ns",
                    log.originNanos());
            for (Map.Entry<String, String> d : dispositions.entrySet()) {
                if (d.getValue().equals("inherited-ignored")) {
                    log.write(
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
                log.write(
                        LogEvents.HOLD_UNKNOWN,
                        "moment",
                        moment,
                        "detail",
                        "signaltest-agent knows "
                                + String.join(", ", MOMENTS.stream().sorted().toList()));
            }
            holds = known;
            active = true;
        }
    }

    /**
     * The program writes its own log through the signaltest runtime ({@code runtimeLog} is the runtime's log writer):
     * that log wins, the agent records nothing more, and says so in it.
     */
    public static void standAside(Object runtimeLog) {
        try {
            standAsideGuarded(runtimeLog);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    private static void standAsideGuarded(Object runtimeLog) {
        synchronized (LOCK) {
            if (!active) {
                return;
            }
            active = false;
            held = false;
            LOCK.notifyAll();
        }
        try {
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

    /** {@code ThreadPoolExecutor.execute} is entered: a task is being submitted. */
    public static void submitting(ThreadPoolExecutor pool, Runnable task) {
        try {
            PoolEvents.submitting(pool, task);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code ThreadPoolExecutor.reject}: the pool refused {@code task} (it is shut down, or full). */
    public static void rejected(ThreadPoolExecutor pool, Runnable task) {
        try {
            PoolEvents.rejected(pool, task);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code ThreadPoolExecutor.beforeExecute}: a worker is about to run {@code task}. */
    public static void starting(ThreadPoolExecutor pool, Thread worker, Runnable task) {
        try {
            PoolEvents.starting(pool, worker, task);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code ThreadPoolExecutor.afterExecute}: {@code task}'s run has ended, by return or by {@code thrown}. */
    public static void ended(ThreadPoolExecutor pool, Runnable task, Throwable thrown) {
        try {
            PoolEvents.ended(pool, task, thrown);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code ThreadPoolExecutor.shutdownNow} is entered: the program cancels what runs on {@code pool}. */
    public static void shuttingDownNow(ThreadPoolExecutor pool) {
        try {
            PoolEvents.shuttingDownNow(pool);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code ThreadPoolExecutor.shutdownNow} returns {@code returned}: tasks cancelled before they started. */
    public static void drained(List<Runnable> returned, ThreadPoolExecutor pool) {
        try {
            PoolEvents.drained(returned, pool);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code Semaphore.acquire} is entered; on a virtual thread, a task waits for a slot. */
    public static void acquiring(Semaphore semaphore) {
        try {
            SemaphoreEvents.acquiring(semaphore);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code Semaphore.acquire} returns: the task has its slot and starts. */
    public static void acquired(Semaphore semaphore) {
        try {
            SemaphoreEvents.acquired(semaphore);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code Semaphore.release}: on a virtual thread that holds a slot, its task has ended. */
    public static void releasing(Semaphore semaphore) {
        try {
            SemaphoreEvents.releasing(semaphore);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** A virtual-thread-per-task executor's {@code shutdownNow}. */
    public static void virtualShutdownNow() {
        try {
            SemaphoreEvents.virtualShutdownNow();
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** The JVM dispatches signal {@code number} to whichever handler the program (or the JVM) installed. */
    public static void signal(int number) {
        try {
            ExitEvents.signal(number);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code Shutdown.exit}: System.exit, Runtime.exit or the JVM's own handler of a signal. */
    public static void exitRequested(int code) {
        try {
            ExitEvents.exitRequested(code);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** {@code Runtime.halt}: the JVM stops now, without shutdown hooks. */
    public static void haltRequested(int code) {
        try {
            ExitEvents.haltRequested(code);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** The JVM starts the program's shutdown hooks. */
    public static void hooksStarting(Map<?, ?> hooks) {
        try {
            ExitEvents.hooksStarting(hooks);
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** The program's shutdown hooks have ended. */
    public static void hooksFinished() {
        try {
            ExitEvents.hooksFinished();
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** The JVM's shutdown is over (after the last hook, or at a halt): the run's last records. */
    public static void finish() {
        try {
            ExitEvents.finish();
        } catch (RuntimeException | Error e) {
            broken(e);
        }
    }

    /** An error of the agent itself: said once on stderr, never thrown into the program. */
    private static void broken(Throwable e) {
        synchronized (LOCK) {
            if (reportedBroken) {
                return;
            }
            reportedBroken = true;
        }
        System.err.println("signaltest-agent failed, so the cleanup log may miss records: " + e);
    }
}
