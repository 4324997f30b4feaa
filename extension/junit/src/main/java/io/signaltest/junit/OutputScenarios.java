package io.signaltest.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The output matrix: real-signal scenarios for a program that writes no cleanup log and is checked by what it prints,
 * in any language. The moment is a line of its output, named by configuration parameters, and so are the checks; the
 * console runner sets them from its {@code --at-output} options.
 *
 * <pre>{@code
 * # junit-platform.properties, or -D on the Failsafe/Surefire command line
 * signaltest.program.command=["python3", "-u", "batch.py"]
 * signaltest.moment.output=Task \\d+ started
 * signaltest.moment.output.count=2
 * signaltest.output.taskStart=Task (\\d+) started
 * signaltest.output.taskCleanup=Task (\\d+) cleaned up
 * }</pre>
 *
 * <h2>The scenarios</h2>
 *
 * For each count of {@value SignalTest#MOMENT_OUTPUT_COUNT_PROPERTY} (default 1): SIGINT, SIGTERM and SIGHUP right
 * after that many lines matched {@value SignalTest#MOMENT_OUTPUT_PROPERTY}, and three SIGINTs back to back there.
 * Nothing holds the program at the line, so the signal lands shortly after it, wherever the program is by then.
 *
 * <h2>The checks</h2>
 *
 * Each scenario checks the exit code (one of {@value #EXIT_CODES_PROPERTY}, default 128 + the signal), that every line
 * matching {@value #TASK_START_PROPERTY} is followed by its own line matching {@value #TASK_CLEANUP_PROPERTY} (when
 * both are set; {@link AbstractSignalRunAssert#matchedEveryStartWithACleanup(String, String)}), the line counts after
 * the signal of {@value #PRINTED_AFTER_SIGNAL_PROPERTY} ({@link AbstractSignalRunAssert#printedAfterTheSignal(String,
 * int)}), nothing left in the program's temporary directory, and the shutdown deadline and stack traces on stderr as
 * the {@link StandardScenarios standard matrix} does, with the same configuration parameters.
 *
 * @since 0.1
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.CONCURRENT)
@ExtendWith(OutputScenarios.Settings.class)
public class OutputScenarios {

    /** Configuration parameter: a regular expression that finds the line a task prints when it starts. */
    public static final String TASK_START_PROPERTY = "signaltest.output.taskStart";
    /**
     * Configuration parameter: a regular expression that finds the line a task prints when its cleanup is done. With
     * {@value #TASK_START_PROPERTY}, and a first group in both (a task's id), each start must be followed by the
     * cleanup line of the same task.
     */
    public static final String TASK_CLEANUP_PROPERTY = "signaltest.output.taskCleanup";
    /** Configuration parameter: the exit codes that pass, separated by commas; default 128 + the signal. */
    public static final String EXIT_CODES_PROPERTY = "signaltest.output.exitCodes";
    /**
     * Configuration parameter: how many lines after the signal must match each regular expression, as a JSON object of
     * expression to count: {@code {"Task \\d+ started": 0}} says that no task started after the signal.
     */
    public static final String PRINTED_AFTER_SIGNAL_PROPERTY = "signaltest.output.printedAfterSignal";

    private Checks checks;

    @Order(1)
    @SignalTest(signal = {Signal.INT, Signal.TERM, Signal.HUP})
    void signalAfterTheLine(SignalRun run) {
        verify(run);
    }

    @Order(2)
    @SignalTest(repeat = 3)
    void repeatedSignalsAfterTheLine(SignalRun run) {
        verify(run);
    }

    private void verify(SignalRun run) {
        Failures failures = new Failures();
        failures.check(() -> {
            if (checks.exitCodes().isEmpty()) {
                SignalTestAssertions.assertThat(run).exitedWithSignalCode();
            } else {
                SignalTestAssertions.assertThat(run)
                        .exitedWithOneOf(checks.exitCodes().stream()
                                .mapToInt(Integer::intValue)
                                .toArray());
            }
        });
        checks.taskLines()
                .ifPresent(lines -> failures.check(
                        () -> SignalTestAssertions.assertThat(run).matchedEveryStartWithACleanup(lines[0], lines[1])));
        checks.printedAfterSignal()
                .forEach((regex, count) -> failures.check(
                        () -> SignalTestAssertions.assertThat(run).printedAfterTheSignal(regex, count)));
        failures.check(() -> SignalTestAssertions.assertThat(run).leftNoTemporaryFiles());
        failures.check(() -> SignalTestAssertions.assertThat(run).shutDownWithin(checks.shutdownDeadline()));
        if (checks.stackTracesFail()) {
            failures.check(() -> SignalTestAssertions.assertThat(run).hasNoStackTraceOnStderr());
        }
        failures.throwIfAny();
    }

    /** What the configuration parameters ask each scenario to check. */
    record Checks(
            List<Integer> exitCodes,
            Optional<String[]> taskLines,
            Map<String, Integer> printedAfterSignal,
            Duration shutdownDeadline,
            boolean stackTracesFail) {

        static Checks of(Function<String, Optional<String>> configuration) {
            return new Checks(
                    exitCodes(configuration),
                    taskLines(configuration),
                    printedAfterSignal(configuration),
                    StandardScenarios.Settings.shutdownDeadline(configuration),
                    StandardScenarios.Settings.stackTracesFail(configuration));
        }

        private static List<Integer> exitCodes(Function<String, Optional<String>> configuration) {
            Optional<String> value =
                    configuration.apply(EXIT_CODES_PROPERTY).map(String::trim).filter(v -> !v.isEmpty());
            List<Integer> codes = new ArrayList<>();
            if (value.isEmpty()) {
                return codes;
            }
            for (String word : value.get().split("[,\\s]+")) {
                try {
                    int code = Integer.parseInt(word);
                    if (code >= 0 && code <= 255) {
                        codes.add(code);
                        continue;
                    }
                } catch (NumberFormatException notANumber) {
                    // reported below
                }
                throw new ExtensionConfigurationException("The configuration parameter " + EXIT_CODES_PROPERTY
                        + " is \"" + value.get() + "\", but it must be exit codes from 0 to 255 separated by commas, "
                        + "for example 0,130: set them, or remove it to expect 128 + the signal.");
            }
            return codes;
        }

        private static Optional<String[]> taskLines(Function<String, Optional<String>> configuration) {
            Optional<String> start = configuration.apply(TASK_START_PROPERTY).filter(v -> !v.isEmpty());
            Optional<String> cleanup =
                    configuration.apply(TASK_CLEANUP_PROPERTY).filter(v -> !v.isEmpty());
            if (start.isPresent() != cleanup.isPresent()) {
                throw new ExtensionConfigurationException("The configuration parameters " + TASK_START_PROPERTY
                        + " and " + TASK_CLEANUP_PROPERTY + " go together, but only "
                        + (start.isPresent() ? TASK_START_PROPERTY : TASK_CLEANUP_PROPERTY) + " is set: set both "
                        + "(the line a task prints when it starts, and the one it prints when its cleanup is done), "
                        + "or neither.");
            }
            if (start.isEmpty()) {
                return Optional.empty();
            }
            regex(TASK_START_PROPERTY, start.get());
            regex(TASK_CLEANUP_PROPERTY, cleanup.get());
            return Optional.of(new String[] {start.get(), cleanup.get()});
        }

        private static Map<String, Integer> printedAfterSignal(Function<String, Optional<String>> configuration) {
            Optional<String> value = configuration
                    .apply(PRINTED_AFTER_SIGNAL_PROPERTY)
                    .map(String::trim)
                    .filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                return Map.of();
            }
            Map<String, Integer> counts;
            try {
                counts = new ObjectMapper()
                        .readValue(value.get(), new TypeReference<LinkedHashMap<String, Integer>>() {});
            } catch (JsonProcessingException e) {
                throw new ExtensionConfigurationException("The configuration parameter " + PRINTED_AFTER_SIGNAL_PROPERTY
                        + " is not a JSON object of regular expression to count (" + e.getOriginalMessage()
                        + "): write it as, for example, {\"Task \\\\d+ started\": 0}.");
            }
            counts.forEach((regex, count) -> {
                regex(PRINTED_AFTER_SIGNAL_PROPERTY, regex);
                if (count == null || count < 0) {
                    throw new ExtensionConfigurationException("The configuration parameter "
                            + PRINTED_AFTER_SIGNAL_PROPERTY + " gives \"" + regex + "\" the count " + count
                            + ", but a count of lines is 0 or more.");
                }
            });
            return counts;
        }

        private static void regex(String property, String regex) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ExtensionConfigurationException("The configuration parameter " + property + " holds \""
                        + regex + "\", which is not a regular expression (" + e.getDescription() + " near index "
                        + e.getIndex() + "): fix it, or quote literal text with \\Q...\\E.");
            }
        }
    }

    /** Reads the matrix's configuration parameters into each test instance. */
    static final class Settings implements TestInstancePostProcessor {

        @Override
        public void postProcessTestInstance(Object instance, ExtensionContext context) {
            if (instance instanceof OutputScenarios scenarios) {
                scenarios.checks = Checks.of(context::getConfigurationParameter);
            }
        }
    }
}
