package io.signaltest.junit.bench;

import static io.signaltest.junit.SignalTestAssertions.assertThat;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.runtime.Moment;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The scenarios of the {@link MemoryBench}: children that write far more than a test JVM of 256 MiB could hold. Each
 * must pass, or fail with a message that says why, never with an OutOfMemoryError. Anything else that discovers this
 * class reports it as skipped.
 */
@ExtendWith(MemoryBenchScenarios.OnlyThroughTheBench.class)
public class MemoryBenchScenarios {

    /** The configuration parameter that the bench sets. */
    static final String ENABLED = "signaltest.bench.memory";
    /** Tasks of the large-log scenario: each queued task logs two records, so about 10^6 in all. */
    static final int TASKS = 500_000;
    /** Bytes of standard output of the large-output scenarios: 1 GiB. */
    static final long OUTPUT_BYTES = 1L << 30;

    /** 10^6 records, about 100 MB: SIGINT while 2 tasks run and 499,998 wait, then every check. */
    @SignalTest(
            main = RuntimeApp.class,
            args = {"--tasks", "" + TASKS, "--max-concurrent", "2"},
            at = Moment.QUEUE_WAITING)
    void millionRecordLog(SignalRun run) {
        assertThat(run).shutDownCleanly();
        org.assertj.core.api.Assertions.assertThat(run.log().records()).hasSizeGreaterThan(2 * (TASKS - 2));
    }

    /** 1 GiB of stdout, read line by line from its file. */
    @SignalTest(main = BigOutputChild.class, args = "" + OUTPUT_BYTES, atOutput = "^ready$")
    void gibOfStdoutReadLineByLine(SignalRun run) {
        org.assertj.core.api.Assertions.assertThat(run.exitCode()).isEqualTo(130);
        try (Stream<String> lines = run.stdoutLines()) {
            org.assertj.core.api.Assertions.assertThat(lines.count())
                    .isEqualTo(OUTPUT_BYTES / BigOutputChild.LINE_BYTES + 1);
        }
    }

    /** 1 GiB of stdout, asked for as one String: fails with the message that says what to use instead. */
    @SignalTest(main = BigOutputChild.class, args = "" + OUTPUT_BYTES, atOutput = "^ready$")
    void gibOfStdoutAsOneString(SignalRun run) {
        org.assertj.core.api.Assertions.assertThat(run.stdout()).endsWith("ready\n");
    }

    static final class OnlyThroughTheBench implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED)
                            .map(Boolean::parseBoolean)
                            .orElse(false)
                    ? ConditionEvaluationResult.enabled("run by the memory bench")
                    : ConditionEvaluationResult.disabled("the memory bench's scenarios; run them with "
                            + "./mvnw -pl extension/junit -am -Pmemory-bench verify");
        }
    }
}
