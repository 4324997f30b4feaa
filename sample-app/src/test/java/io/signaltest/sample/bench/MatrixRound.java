package io.signaltest.sample.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.StandardScenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One round of the {@link MatrixBench}, in a JVM of its own as Failsafe would start it: the standard matrix against the
 * sample app's {@code BatchApp}, configured as the {@code scenarios} profile configures it. Writes one line to the file
 * named by its first argument: the window from the first scenario's start to the last one's end, and the CPU time this
 * JVM and its children (the child JVMs, once reaped) spent in it.
 *
 * <pre>{@code
 * java -cp <test classpath> io.signaltest.sample.bench.MatrixRound result.txt <output directory> true 4 "-Xint" 1 0
 * }</pre>
 *
 * <p>The arguments: the result's file, the output directory, whether the children get a class-data-sharing archive, how
 * many scenarios run at once, the children's JVM options, how many runs of each scenario ({@code signaltest.runs}), the
 * jitter window in milliseconds ({@code signaltest.jitter.millis}, 0 for none), and optionally the series' first seed
 * ({@code signaltest.seed}).
 */
public final class MatrixRound {

    private MatrixRound() {}

    public static void main(String[] args) throws IOException {
        Path result = Path.of(args[0]);
        Window window = new Window();
        Map<String, String> parameters = new HashMap<>(Map.of(
                "signaltest.program.main", "io.signaltest.sample.BatchApp",
                "signaltest.program.jvmArgs", args[4],
                "signaltest.program.classDataSharing", args[2],
                "signaltest.output.directory", args[1],
                "signaltest.report.table", "false",
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", args[3]));
        parameters.put("signaltest.runs", args[5]);
        if (Integer.parseInt(args[6]) > 0) {
            parameters.put("signaltest.jitter.millis", args[6]);
        }
        if (args.length > 7) {
            parameters.put("signaltest.seed", args[7]);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(StandardScenarios.class))
                .configurationParameters(parameters)
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, window);
        Files.writeString(result, window.line() + System.lineSeparator());
    }

    /** Marks the CPU clocks when the first scenario starts and each time one ends. */
    private static final class Window implements TestExecutionListener {
        private long startNanos = -1;
        private long endNanos;
        private CpuTicks start;
        private CpuTicks end;
        private int passed;
        private int failed;
        private int aborted;

        @Override
        public synchronized void executionStarted(TestIdentifier test) {
            if (test.isTest() && startNanos < 0) {
                startNanos = System.nanoTime();
                start = CpuTicks.ofThisJvm();
            }
        }

        @Override
        public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                endNanos = System.nanoTime();
                end = CpuTicks.ofThisJvm();
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed++;
                } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    aborted++;
                } else {
                    failed++;
                    // into the round's output, which the bench keeps for a round with a failed run
                    System.out.println("FAILED " + test.getUniqueId() + ": "
                            + result.getThrowable().map(Throwable::getMessage).orElse(""));
                }
            }
        }

        synchronized String line() {
            return String.format(
                    Locale.ROOT,
                    "passed=%d failed=%d aborted=%d window_ms=%.1f jvm_cpu_ms=%d children_cpu_ms=%d",
                    passed,
                    failed,
                    aborted,
                    (endNanos - startNanos) / 1e6,
                    end.ownMillis() - start.ownMillis(),
                    end.childrenMillis() - start.childrenMillis());
        }
    }
}
