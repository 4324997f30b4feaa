package io.signaltest.junit.bench;

import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskContext;
import io.signaltest.runtime.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The program both sides of the {@link HarnessBench} run: {@value #TASKS} tasks on the runtime,
 * {@value #MAX_CONCURRENT} at once, every body blocking until it is cancelled, every cleanup writing one log record.
 * Held at {@code QUEUE_WAITING}, it has 2 tasks running and 4 queued.
 *
 * <pre>{@code
 * SIGNALTEST_LOG=run.jsonl SIGNALTEST_HOLD=QUEUE_WAITING \
 *     java -cp <test classpath> io.signaltest.junit.bench.HarnessBenchChild
 * }</pre>
 */
public final class HarnessBenchChild {

    static final int TASKS = 6;
    static final int MAX_CONCURRENT = 2;
    /** The exit code the runtime chooses after SIGINT. */
    static final int SIGINT_EXIT_CODE = 130;

    private HarnessBenchChild() {}

    public static void main(String[] args) {
        exitWithParent();
        List<Task> tasks = new ArrayList<>(TASKS);
        for (int i = 1; i <= TASKS; i++) {
            tasks.add(Task.of("task-" + i, HarnessBenchChild::blockUntilCancelled, HarnessBenchChild::cleanup));
        }
        TaskRunner.builder().maxConcurrent(MAX_CONCURRENT).build().run(tasks).exit();
    }

    /**
     * Halts when the bench runner is gone, on both sides alike, so that a runner killed outright leaves no child
     * behind. The JDK watches a process that is not its child by sleeping between looks, which costs nothing at exit.
     */
    private static void exitWithParent() {
        ProcessHandle.current()
                .parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> {
                    System.err.println(
                            "HarnessBenchChild: the bench runner (pid " + parent.pid() + ") is gone; halting");
                    Runtime.getRuntime().halt(125);
                }));
    }

    private static void blockUntilCancelled(TaskContext context) throws InterruptedException {
        new CountDownLatch(1).await();
    }

    private static void cleanup(TaskContext context) {
        context.event("cleanup", "slot " + context.slot());
    }
}
