package io.signaltest.sample.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.StandardScenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * java -cp <test classpath> io.signaltest.sample.bench.MatrixRound result.txt <output directory> true 4 "-Xint"
 * }</pre>
 *
 * <p>The arguments: the result's file, the output directory, whether the children get a class-data-sharing archive, how
 * many scenarios run at once, the children's JVM options.
 */
public final class MatrixRound {

    private MatrixRound() {}

    public static void main(String[] args) throws IOException {
        Path result = Path.of(args[0]);
        Window window = new Window();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(StandardScenarios.class))
                .configurationParameters(Map.of(
                        "signaltest.program.main", "io.signaltest.sample.BatchApp",
                        "signaltest.program.jvmArgs", args[4],
                        "signaltest.program.classDataSharing", args[2],
                        "signaltest.output.directory", args[1],
                        "signaltest.report.table", "false",
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", args[3]))
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
                } else {
                    failed++;
                }
            }
        }

        synchronized String line() {
            return String.format(
                    Locale.ROOT,
                    "passed=%d failed=%d window_ms=%.1f jvm_cpu_ms=%d children_cpu_ms=%d",
                    passed,
                    failed,
                    (endNanos - startNanos) / 1e6,
                    end.ownMillis() - start.ownMillis(),
                    end.childrenMillis() - start.childrenMillis());
        }
    }
}
