package io.signaltest.cli;

import io.signaltest.junit.report.ReportEntries;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * A line when each scenario starts and when it ends (scenario i of n, its verdict, the time since the check began), so
 * that a CI log shows progress while the matrix runs; and the counts that decide the exit code.
 */
final class LiveLines implements TestExecutionListener {

    private final PrintWriter out;
    private final int total;
    private final long begin = System.nanoTime();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final Map<String, Long> starts = new HashMap<>();
    private TestPlan plan;
    private int started;
    private int failed;
    private int couldNotStart;
    private String firstStartFailure = "";
    /** The first failure that says the check itself could not run (a missing tool, a bad setting), or null. */
    private String cannotRun;

    LiveLines(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        if (!test.isTest()) {
            return;
        }
        started++;
        numbers.put(test.getUniqueId(), started);
        starts.put(test.getUniqueId(), System.nanoTime());
        out.printf(Locale.ROOT, "  [%d/%d] %-7s %s  (%.1f s)%n", started, total, "running", name(test), seconds(begin));
        out.flush();
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        String summary = entry.getKeyValuePairs().get(ReportEntries.SUMMARY);
        if (ReportEntries.NOT_STARTED.equals(entry.getKeyValuePairs().get(ReportEntries.OUTCOME))) {
            couldNotStart++;
            if (firstStartFailure.isEmpty()) {
                firstStartFailure = summary;
            }
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        result.getThrowable()
                .filter(ExtensionConfigurationException.class::isInstance)
                .filter(e -> cannotRun == null)
                .ifPresent(e -> cannotRun = e.getMessage());
        if (!test.isTest()) {
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                // a failure outside a scenario (the matrix could not even be set up) fails the check too
                failed++;
                out.println("  " + test.getDisplayName() + ": "
                        + result.getThrowable().map(Throwable::getMessage).orElse(""));
            }
            return;
        }
        String verdict = switch (result.getStatus()) {
            case SUCCESSFUL -> "pass";
            case FAILED -> "FAIL";
            case ABORTED -> "aborted";
        };
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failed++;
        }
        out.printf(
                Locale.ROOT,
                "  [%d/%d] %-7s %s in %.2f s  (%.1f s)%n",
                numbers.getOrDefault(test.getUniqueId(), 0),
                total,
                verdict,
                name(test),
                seconds(starts.getOrDefault(test.getUniqueId(), begin)),
                seconds(begin));
        out.flush();
    }

    private String name(TestIdentifier test) {
        String method = plan == null
                ? ""
                : plan.getParent(test).map(TestIdentifier::getDisplayName).orElse("");
        int paren = method.indexOf('(');
        return (paren > 0 ? method.substring(0, paren) : method) + " [" + test.getDisplayName() + "]";
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /**
     * The check's exit code: {@link ExitCodes#PASSED} or {@link ExitCodes#FAILED} from the verdicts; a check that could
     * not run throws the {@link CannotStartException} that says why.
     */
    synchronized int exitCode() {
        if (cannotRun != null) {
            throw new CannotStartException("the check could not run: " + cannotRun);
        }
        if (started > 0 && started == couldNotStart) {
            throw new CannotStartException("the program could not be started in any scenario: " + firstStartFailure
                    + ". Check the command, the jar or the classpath.");
        }
        if (started == 0) {
            throw new CannotStartException("no scenario ran; see the messages above.");
        }
        return failed == 0 ? ExitCodes.PASSED : ExitCodes.FAILED;
    }
}
