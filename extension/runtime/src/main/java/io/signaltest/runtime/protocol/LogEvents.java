package io.signaltest.runtime.protocol;

/**
 * The events of the cleanup log, by the name each record carries in its {@value LogFormat#EVENT_FIELD} field. Each
 * constant says when the record is written; its fields are specified in docs/log-format.md, which lists exactly these
 * events (a test keeps the two equal).
 *
 * <pre>{@code
 * if (record.is(LogEvents.SIGNAL_RECEIVED)) { ... }
 * }</pre>
 *
 * @since 0.1
 */
public final class LogEvents {

    // ------------------------------------------------------------------ the run

    /** First record of a run, after the signal handlers are installed. */
    public static final String RUN_STARTED = "run_started";

    /**
     * Right after {@code run_started}, for every signal the process inherited as ignored: it cannot be received at all
     * (the runtime also warns on standard error, except for SIGHUP, which {@code nohup} ignores on purpose).
     */
    public static final String SIGNAL_IGNORED = "signal_ignored";

    /** A signal the JVM reserves ({@code -Xrs}) or the OS lacks. */
    public static final String SIGNAL_UNAVAILABLE = "signal_unavailable";

    /**
     * The run is being cancelled: the running tasks are interrupted right after it; the records of the cancellation
     * follow.
     */
    public static final String RUN_CANCELLING = "run_cancelling";

    /** An escalating repeat policy gives up on the remaining cleanups. */
    public static final String ESCALATED = "escalated";

    /** The harness that started the process is gone. */
    public static final String HARNESS_GONE = "harness_gone";

    /** A lazy source threw; no further task is taken. */
    public static final String SOURCE_FAILED = "source_failed";

    /** The run is over: every cleanup has finished or was abandoned. */
    public static final String RUN_FINISHED = "run_finished";

    /** The process is about to exit through the runtime. */
    public static final String EXIT = "exit";

    // ------------------------------------------------------------------ tasks

    /**
     * For a list: at the start of the run, for every task, in order; for a lazy source: when the task is taken from it.
     */
    public static final String TASK_QUEUED = "task_queued";

    /** The task got a slot and its body is about to run. */
    public static final String TASK_STARTED = "task_started";

    /** The body ended; the cleanup is about to run. */
    public static final String CLEANUP_STARTED = "cleanup_started";

    /** The cleanup and the closing of registered resources ended normally. */
    public static final String CLEANUP_FINISHED = "cleanup_finished";

    /** The cleanup, or closing a registered resource, threw. */
    public static final String CLEANUP_FAILED = "cleanup_failed";

    /** A cleanup is still running at its deadline (it is not interrupted). */
    public static final String CLEANUP_OVERRUN = "cleanup_overrun";

    /** An escalating policy stopped waiting for this task. */
    public static final String CLEANUP_ABANDONED = "cleanup_abandoned";

    /** Terminal: the body returned before any cancellation. */
    public static final String TASK_COMPLETED = "task_completed";

    /** Terminal: the body threw before any cancellation. */
    public static final String TASK_FAILED = "task_failed";

    /** Terminal: the run was cancelled while the task ran; its cleanup ran. */
    public static final String TASK_CANCELLED = "task_cancelled";

    /**
     * Terminal: the run was cancelled before the task got a slot (written after {@code run_cancelling}, in chunks, once
     * the running tasks were interrupted).
     */
    public static final String TASK_CANCELLED_BEFORE_START = "task_cancelled_before_start";

    /** The task's cancelled-before-start callback threw. */
    public static final String CANCEL_CALLBACK_FAILED = "cancel_callback_failed";

    /**
     * A listener the program gave the runtime threw ({@code ignored-signal}: the one told of ignored repeated signals).
     */
    public static final String LISTENER_FAILED = "listener_failed";

    /** The task registered a resource. */
    public static final String RESOURCE_OPENED = "resource_opened";

    /** The runtime closed it, after the task's cleanup. */
    public static final String RESOURCE_CLOSED = "resource_closed";

    /** Closing it threw (the cleanup then counts as failed). */
    public static final String RESOURCE_CLOSE_FAILED = "resource_close_failed";

    /**
     * The application logged an event of its own ({@code TaskContext.event}); the runtime logs
     * {@code name=close_on_cancel_failed} when closing what a task registered with {@code TaskContext.closeOnCancel}
     * threw.
     */
    public static final String TASK_EVENT = "task_event";

    // ------------------------------------------------------------------ signals

    /** A signal reached the handler. */
    public static final String SIGNAL_RECEIVED = "signal_received";

    // ------------------------------------------------------------------ moments and holds

    /** An armed moment was reached; the state is held from here. */
    public static final String MOMENT = "moment";

    /** The hold ended. */
    public static final String HOLD_RELEASED = "hold_released";

    /** The run ended without reaching the next armed moment. */
    public static final String MOMENT_MISSED = "moment_missed";

    /** {@code SIGNALTEST_HOLD} named something that is not a moment. */
    public static final String HOLD_UNKNOWN = "hold_unknown";

    // ------------------------------------------------------------------ the agent's

    /**
     * The first task submitted to, or started by, a pool; the first {@code acquire()} of a semaphore by a virtual
     * thread.
     */
    public static final String EXECUTOR_SEEN = "executor_seen";

    /**
     * An executor whose tasks the agent cannot follow was used (a {@code ForkJoinPool}'s worker started, or
     * {@code CompletableFuture} started a thread of its own): its class, for the harness to name it.
     */
    public static final String EXECUTOR_UNSUPPORTED = "executor_unsupported";

    /**
     * After the cancellation, the program waited for a pool ({@code awaitTermination}) and gave up while its tasks
     * still ran.
     */
    public static final String EXECUTOR_AWAITED = "executor_awaited";

    /** {@code System.exit}, {@code Runtime.exit}, or the JVM's exit on a signal. */
    public static final String EXIT_REQUESTED = "exit_requested";

    /** {@code Runtime.halt}. */
    public static final String HALT_REQUESTED = "halt_requested";

    /** The JVM starts the program's shutdown hooks. */
    public static final String SHUTDOWN_HOOKS_STARTED = "shutdown_hooks_started";

    /** Every hook has ended. */
    public static final String SHUTDOWN_HOOKS_FINISHED = "shutdown_hooks_finished";

    /** The JVM halts while the task still runs: nothing waited for it. */
    public static final String TASK_RUNNING_AT_HALT = "task_running_at_halt";

    /** The JVM halts while the task is still queued, and {@code shutdownNow()} never returned it. */
    public static final String TASK_NEVER_STARTED = "task_never_started";

    /** Written into the runtime's log: the program uses the runtime, whose log wins. */
    public static final String AGENT_STOOD_ASIDE = "agent_stood_aside";

    /**
     * An HTTP request entered a handler of the service: a servlet ({@code HttpServlet.service}) or a handler of the
     * JDK's {@code HttpServer}; with its {@code X-Request-Id} ({@code request_id}), method and path.
     */
    public static final String REQUEST_ENTERED = "request_entered";

    private LogEvents() {}
}
