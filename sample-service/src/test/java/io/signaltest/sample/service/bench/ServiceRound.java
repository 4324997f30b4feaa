package io.signaltest.sample.service.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalTest;
import io.signaltest.junit.service.ServiceScenarios;
import io.signaltest.junit.service.ServiceTest;
import io.signaltest.sample.service.SampleServiceApplication;
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
 * One round of the {@link ServiceBench}, in a JVM of its own as Failsafe would start it: the service matrix
 * ({@link ServiceScenarios}) against the Spring sample service on Tomcat, configured as {@code ServiceCatalogueIT}
 * configures it (three requests of 1.5 s in flight). Writes one line to the file named by its first argument: how many
 * scenarios passed and failed, the window from the first scenario's start to the last one's end, and the CPU time this
 * JVM and its children (the service JVMs, once reaped) spent in it.
 *
 * <pre>{@code
 * java -cp <test classpath> io.signaltest.sample.service.bench.ServiceRound result.txt <output directory> true \
 *     "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" 2
 * }</pre>
 *
 * <p>The arguments: the result's file, the output directory, whether the services get a class-data-sharing archive,
 * their JVM options (may be empty), how many scenarios run at once (1: one after the other). Only these configuration
 * parameters count: the module's {@code junit-platform.properties} and the system properties are not read.
 */
public final class ServiceRound {

    private ServiceRound() {}

    public static void main(String[] args) throws IOException {
        Path result = Path.of(args[0]);
        int parallelism = Integer.parseInt(args[4]);
        Map<String, String> configuration = new HashMap<>();
        configuration.put(ServiceTest.PROGRAM_PROPERTY_PREFIX + "main", SampleServiceApplication.class.getName());
        configuration.put(
                ServiceTest.PROGRAM_PROPERTY_PREFIX + "args", "--server.port={port} --sample.work-dir={runDir}/work");
        configuration.put(ServiceTest.PROGRAM_PROPERTY_PREFIX + "jvmArgs", args[3]);
        configuration.put(ServiceTest.PROGRAM_PROPERTY_PREFIX + "classDataSharing", args[2]);
        configuration.put(ServiceTest.READY_URL_PROPERTY, "/actuator/health/readiness");
        configuration.put(ServiceTest.REQUEST_PROPERTY, "GET /work?millis=1500");
        configuration.put(ServiceTest.REQUEST_COUNT_PROPERTY, "3");
        configuration.put(ServiceTest.NEW_REQUEST_PROPERTY, "GET /hello");
        configuration.put(ServiceTest.IN_HANDLER_OUTPUT_PROPERTY, "request (?<id>\\S+) entered");
        configuration.put(ServiceTest.LAST_OUTPUT_PROPERTY, "service stopped");
        configuration.put(SignalTest.OUTPUT_DIRECTORY_PROPERTY, args[1]);
        configuration.put(SignalTest.REPORT_TABLE_PROPERTY, "false");
        configuration.put("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallelism > 1));
        configuration.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        configuration.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
        configuration.put("junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(parallelism));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ServiceScenarios.class))
                .enableImplicitConfigurationParameters(false)
                .configurationParameters(configuration)
                .build();
        Window window = new Window();
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
                    System.err.println("failed: " + test.getDisplayName() + ": "
                            + result.getThrowable().map(Throwable::toString).orElse(""));
                }
            }
        }

        synchronized String line() {
            if (startNanos < 0) {
                return "passed=0 failed=0 window_ms=0 jvm_cpu_ms=0 children_cpu_ms=0";
            }
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
