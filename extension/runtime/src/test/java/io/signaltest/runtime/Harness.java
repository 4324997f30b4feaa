package io.signaltest.runtime;

import io.signaltest.runtime.internal.HarnessLink;
import io.signaltest.runtime.protocol.HarnessEnvironment;
import io.signaltest.runtime.protocol.LogWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a task list on a background thread in this JVM, with an in-memory log and optional holds, and lets the test act
 * as the signal dispatcher. In-process tests check the runtime's logic; the real-signal tests with child processes are
 * the {@code *IT} classes.
 */
final class Harness {

    final LogSink log = new LogSink();
    final Run run;
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();

    private Harness(TaskRunner runner, TaskQueue queue, String holds) {
        HarnessLink link = HarnessLink.of(holds == null ? Map.of() : Map.of(HarnessEnvironment.HOLD, holds));
        this.run = new Run(runner, queue, LogWriter.to(log), link);
    }

    static Harness start(TaskRunner runner, List<Task> tasks) {
        return start(runner, tasks, null);
    }

    static Harness start(TaskRunner runner, List<Task> tasks, String holds) {
        return start(runner, TaskRunner.queueOf(tasks), holds);
    }

    /** Runs the tasks of a lazy source, as {@link TaskRunner#run(Iterator)} does. */
    static Harness startLazy(TaskRunner runner, Iterator<? extends Task> tasks, String holds) {
        return start(runner, TaskQueue.lazy(tasks), holds);
    }

    private static Harness start(TaskRunner runner, TaskQueue queue, String holds) {
        Harness harness = new Harness(runner, queue, holds);
        Thread thread = new Thread(
                () -> {
                    try {
                        harness.result.complete(harness.run.execute());
                    } catch (Throwable t) {
                        harness.result.completeExceptionally(t);
                    }
                },
                "test-run");
        thread.setDaemon(true);
        thread.start();
        return harness;
    }

    /** Delivers a signal to the run the way the JVM's signal dispatcher does. */
    void signal(String name, int number) {
        run.signal(name, number);
    }

    void sigint() {
        signal("INT", 2);
    }

    RunResult await() throws InterruptedException, ExecutionException, TimeoutException {
        return result.get(LogSink.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    boolean isDone() {
        return result.isDone();
    }
}
