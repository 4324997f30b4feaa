package io.signaltest.junit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.junit.SignalRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The measured side of the {@link HarnessBench}: {@link HarnessBenchScenario} through the JUnit Platform launcher, as a
 * build tool or an IDE runs it. One launcher serves every run; each run is one {@code execute} call, discovery
 * included.
 */
final class LauncherRun implements AutoCloseable {

    /** What one run through {@code @SignalTest} measured. */
    record Sample(long callStarted, long callFinished, long invocationStarted, long invocationFinished, SignalRun run) {

        /** The whole launcher call: building the request, discovery, execution, listeners. */
        double launcherCallMs() {
            return (callFinished - callStarted) / 1e6;
        }

        /** The test invocation, from the launcher's executionStarted to its executionFinished. */
        double invocationMs() {
            return (invocationFinished - invocationStarted) / 1e6;
        }

        double startToMomentMs() {
            return run.startToMoment().toNanos() / 1e6;
        }

        double deliveryMs() {
            return run.signalToReceipt().map(Duration::toNanos).orElseThrow() / 1e6;
        }

        double signalToExitMs() {
            return run.signalToExit().toNanos() / 1e6;
        }

        /** The harness's own work around the child's life: the invocation less the two parts above. */
        double restMs() {
            return invocationMs() - startToMomentMs() - signalToExitMs();
        }
    }

    private final Launcher launcher = LauncherFactory.create();
    private final ExecutorService caller = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "harness-bench-launcher");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> configuration;
    private final long deadlineNanos;

    LauncherRun(Map<String, String> configuration, long deadlineNanos) {
        this.configuration = Map.copyOf(configuration);
        this.deadlineNanos = deadlineNanos;
    }

    Sample runOnce() throws InterruptedException {
        HarnessBenchScenario.RUNS.clear();
        InvocationClock clock = new InvocationClock();
        Future<long[]> call = caller.submit(() -> {
            long started = System.nanoTime();
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(HarnessBenchScenario.class))
                    .configurationParameters(configuration)
                    .build();
            launcher.execute(request, clock);
            return new long[] {started, System.nanoTime()};
        });
        long[] window;
        try {
            window = call.get(deadlineNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true); // the harness kills its child when the test thread is interrupted
            throw new IllegalStateException("the launcher call did not return within "
                    + TimeUnit.NANOSECONDS.toSeconds(deadlineNanos) + " s; the bench interrupted it");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the launcher call failed: " + e.getCause(), e.getCause());
        }
        return clock.sample(window);
    }

    @Override
    public void close() {
        caller.shutdownNow();
    }

    /** Notes when the one test invocation starts and finishes, and every failure on the way. */
    private static final class InvocationClock implements TestExecutionListener {
        private final List<String> problems = new ArrayList<>();
        private int started;
        private long invocationStarted = -1;
        private long invocationFinished = -1;

        @Override
        public synchronized void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
                invocationStarted = System.nanoTime();
                started++;
            }
        }

        @Override
        public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                invocationFinished = System.nanoTime();
            }
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                problems.add(test.getDisplayName() + " " + result.getStatus() + ": "
                        + result.getThrowable().map(Throwable::toString).orElse("no throwable"));
            }
        }

        @Override
        public synchronized void executionSkipped(TestIdentifier test, String reason) {
            problems.add(test.getDisplayName() + " was skipped: " + reason);
        }

        synchronized Sample sample(long[] window) {
            List<SignalRun> runs = List.copyOf(HarnessBenchScenario.RUNS);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the @SignalTest scenario did not pass:" + System.lineSeparator() + "  "
                        + String.join(System.lineSeparator() + "  ", problems));
            }
            if (started != 1 || invocationFinished < 0 || runs.size() != 1) {
                throw new IllegalStateException("expected one test invocation with one SignalRun, got " + started
                        + " invocations and " + runs.size() + " runs");
            }
            SignalRun run = runs.get(0);
            String where = " (pid " + run.pid() + ", files in " + run.directory() + ")";
            if (run.exitCode() != HarnessBenchChild.SIGINT_EXIT_CODE) {
                throw new IllegalStateException("the child exited with code " + run.exitCode()
                        + " after SIGINT, expected " + HarnessBenchChild.SIGINT_EXIT_CODE + where);
            }
            HarnessBench.checkMoment(
                    run.momentRecord()
                            .orElseThrow(() -> new IllegalStateException("the SignalRun has no moment record" + where)),
                    message -> new IllegalStateException(message + where));
            if (run.signalToReceipt().isEmpty()) {
                throw new IllegalStateException(
                        "the SignalRun has no signalToReceipt: the child logged no receipt" + where);
            }
            return new Sample(window[0], window[1], invocationStarted, invocationFinished, run);
        }
    }
}
