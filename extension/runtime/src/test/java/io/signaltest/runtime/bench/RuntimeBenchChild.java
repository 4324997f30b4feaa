package io.signaltest.runtime.bench;

import io.signaltest.runtime.RunResult;
import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskContext;
import io.signaltest.runtime.TaskRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The program the {@link RuntimeBench} measures: N tasks on the runtime, 10 at once, every body blocking until it is
 * cancelled, every cleanup writing one log record. The tasks come from a list built up front ({@code list}, the
 * default) or from a lazy stream ({@code lazy}).
 *
 * <p>The bench runner starts it with {@code SIGNALTEST_LOG} and {@code SIGNALTEST_HOLD}, waits for the {@code moment}
 * record, sends SIGINT and times the exit. Right before it exits the program prints {@code peak_rss_kb=<VmHWM>} on
 * standard output.
 *
 * <pre>{@code
 * java -cp <test classpath> io.signaltest.runtime.bench.RuntimeBenchChild 100000 lazy
 * }</pre>
 */
public final class RuntimeBenchChild {

    /** The concurrency limit of the scenario, the same as the asyncio side's semaphore. */
    static final int MAX_CONCURRENT = 10;

    private RuntimeBenchChild() {}

    public static void main(String[] args) {
        if (args.length < 1
                || args.length > 2
                || (args.length == 2 && !List.of("list", "lazy").contains(args[1]))) {
            System.err.println("usage: RuntimeBenchChild TASKS [list|lazy]");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        boolean lazy = args.length == 2 && args[1].equals("lazy");
        exitWithParent();
        peakRssKb(); // once now, so that the reading at the end does not pay for loading the classes
        TaskRunner runner = TaskRunner.builder()
                .maxConcurrent(MAX_CONCURRENT)
                // SIGNALTEST_LOG, set by the bench runner, takes precedence over this default.
                .log(Path.of(System.getProperty("java.io.tmpdir"), "signaltest-bench-child.jsonl"))
                .build();
        RunResult result;
        if (lazy) {
            try (Stream<Task> tasks = IntStream.rangeClosed(1, count).mapToObj(RuntimeBenchChild::task)) {
                result = runner.run(tasks);
            }
        } else {
            List<Task> tasks = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                tasks.add(task(i));
            }
            result = runner.run(tasks);
        }
        System.out.print("peak_rss_kb="); // no string concatenation to link in the measured window
        System.out.println(peakRssKb());
        result.exit();
    }

    /**
     * Halts when the bench runner is gone, so that a runner killed outright leaves no child behind. The JDK watches a
     * process that is not our child by sleeping between checks, so this costs nothing at exit (unlike a thread blocked
     * reading standard input, which HotSpot waits for, up to 300 ms, when the JVM exits).
     */
    private static void exitWithParent() {
        ProcessHandle.current()
                .parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> {
                    System.err.println(
                            "RuntimeBenchChild: the bench runner (pid " + parent.pid() + ") is gone; halting");
                    Runtime.getRuntime().halt(125);
                }));
    }

    private static Task task(int number) {
        return Task.of("task-" + number, RuntimeBenchChild::blockUntilCancelled, RuntimeBenchChild::cleanup);
    }

    private static void blockUntilCancelled(TaskContext context) throws InterruptedException {
        new CountDownLatch(1).await();
    }

    private static void cleanup(TaskContext context) {
        context.event("cleanup", "slot " + context.slot());
    }

    /** VmHWM, the peak resident set size, from /proc/self/status; -1 where there is no such file. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(
                            line.substring("VmHWM:".length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // reported as -1: the runner says the figure is missing
        }
        return -1;
    }
}
