package io.signaltest.junit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.signaltest.junit.SignalTest;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The memory benchmark: runs each of the {@link MemoryBenchScenarios} as a {@code @SignalTest} through the JUnit
 * Platform (EngineTestKit), in this JVM, which the {@code memory-bench} profile starts with {@code -Xmx256m}, and
 * records the heap's peak during each. Every scenario must end as expected (pass, or fail with its message) and no
 * OutOfMemoryError may be seen anywhere; otherwise the bench exits with 1.
 *
 * <pre>{@code
 * ./mvnw -q -pl extension/junit -am -Pmemory-bench verify
 * }</pre>
 */
public final class MemoryBench {

    /** A scenario, and the start of the failure message it must end with (null: it must pass). */
    private record Scenario(String method, String expectedFailure, String what) {}

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario(
                    "millionRecordLog",
                    null,
                    "runtime child, 500,000 tasks, SIGINT at QUEUE_WAITING; shutDownCleanly() over the whole log"),
            new Scenario(
                    "gibOfStdoutReadLineByLine",
                    null,
                    "child printing 1 GiB of stdout; the test counts its lines with stdoutLines()"),
            new Scenario(
                    "gibOfStdoutAsOneString",
                    "The child's stdout is 1024.0 MiB (10,737,419 lines), more than",
                    "the same child; the test asks for stdout() as one String"));

    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());

    private MemoryBench() {}

    public static void main(String[] args) throws Exception {
        Path output = Path.of(System.getProperty("signaltest.bench.output", "target/bench/memory"));
        Path report = Path.of(System.getProperty("signaltest.bench.report", "target/bench/memory-bench.md"));
        List<Throwable> uncaught = new ArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            synchronized (uncaught) {
                uncaught.add(e);
            }
        });
        StringBuilder table = new StringBuilder();
        table.append(String.format(
                Locale.ROOT,
                "Measured %s: JDK %s (%s), test JVM max heap %d MiB (%s), %d cores.%n%n",
                LocalDate.now(),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20,
                String.join(
                        " ",
                        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:+Use"))
                                .toList()),
                Runtime.getRuntime().availableProcessors()));
        table.append("| scenario | what the child writes | outcome | live heap after GC, max MiB | "
                + "heap used, sampled peak MiB | heap used, sum of pool peaks MiB | wall s |\n"
                + "|---|---|---|---:|---:|---:|---:|\n");
        AtomicLong liveAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                        notification.getType())) {
                                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData());
                                    long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                            .filter(e -> HEAP_POOLS.contains(e.getKey()))
                                            .mapToLong(e -> e.getValue().getUsed())
                                            .sum();
                                    liveAfterGc.accumulateAndGet(after, Math::max);
                                }
                            },
                            null,
                            null);
        }
        boolean allAsExpected = true;
        for (Scenario scenario : SCENARIOS) {
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            liveAfterGc.set(0);
            AtomicLong sampled = new AtomicLong();
            Thread sampler = new Thread(
                    () -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            long used = ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed();
                            sampled.accumulateAndGet(used, Math::max);
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "memory-bench-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long started = System.nanoTime();
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectMethod(
                            MemoryBenchScenarios.class, scenario.method(), "io.signaltest.junit.SignalRun"))
                    .configurationParameters(Map.of(
                            MemoryBenchScenarios.ENABLED,
                            "true",
                            SignalTest.OUTPUT_DIRECTORY_PROPERTY,
                            output.toString(),
                            "signaltest.report.table",
                            "false"))
                    .execute();
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.interrupt();
            sampler.join();
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

            List<Event> finished = results.testEvents().finished().list();
            Optional<TestExecutionResult> result =
                    finished.isEmpty() ? Optional.empty() : finished.get(0).getPayload(TestExecutionResult.class);
            Optional<Throwable> failure = result.flatMap(TestExecutionResult::getThrowable);
            String outcome = result.map(r -> r.getStatus().toString()).orElse("NOT RUN")
                    + failure.map(f -> ": " + f.getClass().getSimpleName() + ": " + firstLine(f.getMessage()))
                            .orElse("");
            boolean oom = failure.map(MemoryBench::isOutOfMemory).orElse(false);
            boolean asExpected = result.isPresent()
                    && !oom
                    && (scenario.expectedFailure() == null
                            ? result.get().getStatus() == TestExecutionResult.Status.SUCCESSFUL
                            : failure.map(f -> String.valueOf(f.getMessage()).startsWith(scenario.expectedFailure()))
                                    .orElse(false));
            allAsExpected &= asExpected;
            System.err.printf(
                    Locale.ROOT,
                    "%s: %s, live heap after GC at most %d MiB, heap used at most %d MiB "
                            + "(sampled; sum of pool peaks %d MiB), %.1f s%s%n",
                    scenario.method(),
                    outcome,
                    liveAfterGc.get() >> 20,
                    sampled.get() >> 20,
                    peak >> 20,
                    seconds,
                    asExpected ? "" : "  <-- NOT AS EXPECTED");
            failure.ifPresent(f -> System.err.println("    "
                    + String.valueOf(f.getMessage())
                            .lines()
                            .limit(3)
                            .reduce((a, b) -> a + "\n    " + b)
                            .orElse("")));
            table.append(String.format(
                    Locale.ROOT,
                    "| `%s` | %s | %s | %d | %d | %d | %.1f |%n",
                    scenario.method(),
                    scenario.what(),
                    outcome.replace("|", "\\|"),
                    liveAfterGc.get() >> 20,
                    sampled.get() >> 20,
                    peak >> 20,
                    seconds));
        }
        synchronized (uncaught) {
            for (Throwable t : uncaught) {
                allAsExpected &= !isOutOfMemory(t);
            }
            table.append(String.format(
                    Locale.ROOT,
                    "%nUncaught exceptions in other threads: %s.%n",
                    uncaught.isEmpty() ? "none" : uncaught.toString()));
        }
        table.append(String.format(Locale.ROOT, "Run files under %s: %s.%n", output, sizes(output)));
        System.out.print(table);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, table.toString());
        if (!allAsExpected) {
            System.err.println("memory bench: a scenario did not end as expected (see above)");
            System.exit(1);
        }
    }

    private static boolean isOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static String sizes(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return "none";
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                long size = Files.size(file);
                if (size > 1 << 20) {
                    found.add(output.relativize(file) + " " + (size >> 20) + " MiB");
                }
            }
        }
        return found.isEmpty() ? "none over 1 MiB" : String.join(", ", found);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
