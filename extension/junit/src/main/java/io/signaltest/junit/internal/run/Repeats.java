package io.signaltest.junit.internal.run;

import io.signaltest.junit.Repetition;
import io.signaltest.junit.SignalTest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/**
 * How often each invocation of a {@link SignalTest} runs, and how its signals are jittered: {@link SignalTest#runs()},
 * {@link SignalTest#jitterMillis()} and their configuration parameters, validated; the seed of the series (configured,
 * replayed, or this JVM's own). Run {@code n} of every invocation gets the series' first seed + n - 1, so any run is
 * replayed by its seed alone.
 */
public record Repeats(int runs, Duration window, long firstSeed, boolean replay) {

    /** The first seed of every series in this JVM that names none: new per test JVM, and printed with the table. */
    private static final long JVM_SEED = new SplittableRandom().nextLong();

    /** One run, at the moment: how every invocation ran before runs and jitter existed. */
    public static final Repeats ONCE = new Repeats(1, Duration.ZERO, JVM_SEED, false);

    /**
     * The runs of {@code annotation}'s invocations. {@code scenario} is the annotation validated, for the checks that
     * depend on the program (the agent cannot release a hold).
     *
     * @throws ExtensionConfigurationException naming the attribute or parameter, when one is misused
     */
    public static Repeats of(
            SignalTest annotation, Function<String, Optional<String>> configuration, Scenario scenario) {
        Declared declared = Declared.of(annotation);
        if (annotation.runs() < 0) {
            throw declared.misuse("requires that `runs` be 0 (the configured default) or more, but it is "
                    + annotation.runs() + ": it counts the runs of each invocation, each with a new child.");
        }
        if (annotation.jitterMillis() < 0) {
            throw declared.misuse("requires that `jitterMillis` be 0 (the configured default) or more, but it is "
                    + annotation.jitterMillis()
                    + ": it is the window after the moment within which each signal goes out.");
        }
        Optional<Long> replayed = seed(configuration, SignalTest.REPLAY_PROPERTY);
        int runs = annotation.runs() > 0
                ? annotation.runs()
                : (int) positive(configuration, SignalTest.RUNS_PROPERTY, 1, Integer.MAX_VALUE);
        long jitter = annotation.jitterMillis() > 0
                ? annotation.jitterMillis()
                : positive(configuration, SignalTest.JITTER_PROPERTY, 0, Long.MAX_VALUE / 1_000_000);
        if (jitter > 0 && scenario.agent().isPresent()) {
            throw declared.misuse("jitters its signals (jitterMillis " + jitter + ") for a program under the agent, "
                    + "whose holds end only with the signal: a jittered signal must come after the program was let "
                    + "go on from its moment. Name the moment by a line of output (atOutput) for this program, "
                    + "or leave jitterMillis (and " + SignalTest.JITTER_PROPERTY + ") unset.");
        }
        if (replayed.isPresent()) {
            return new Repeats(1, Duration.ofMillis(jitter), replayed.get(), true);
        }
        long first = seed(configuration, SignalTest.SEED_PROPERTY).orElse(JVM_SEED);
        return new Repeats(runs, Duration.ofMillis(jitter), first, false);
    }

    /** Whether each invocation runs once, at its moment, as a scenario without runs and jitter always has. */
    public boolean once() {
        return runs == 1 && window.isZero() && !replay;
    }

    /** The contexts of {@code invocation}'s runs, made as JUnit asks for them. */
    public Stream<TestTemplateInvocationContext> contexts(Invocation invocation) {
        if (once()) {
            return Stream.of(new InvocationContext(invocation));
        }
        return IntStream.rangeClosed(1, runs)
                .mapToObj(run -> new InvocationContext(invocation, repetition(run), replay));
    }

    /** Run {@code run} of the series. */
    public Repetition repetition(int run) {
        return new Repetition(run, runs, firstSeed + run - 1, window);
    }

    /** The first seed of the series, as signaltest writes seeds. */
    public String firstSeedText() {
        return repetition(1).seedText();
    }

    private static long positive(
            Function<String, Optional<String>> configuration, String property, long defaultValue, long max) {
        Optional<String> value = configuration.apply(property).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed >= defaultValue && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ExtensionConfigurationException("The configuration parameter " + property + " is \"" + value.get()
                + "\", but it must be a whole number from " + defaultValue + " to " + max
                + ": set it to, for example, " + (property.equals(SignalTest.RUNS_PROPERTY) ? "200" : "20")
                + ", or remove it.");
    }

    /** A seed from {@code property}: {@code 0x} and hex digits, or a decimal number. */
    static Optional<Long> seed(Function<String, Optional<String>> configuration, String property) {
        Optional<String> value = configuration.apply(property).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().toLowerCase(Locale.ROOT);
        try {
            return Optional.of(
                    text.startsWith("0x")
                            ? Long.parseUnsignedLong(text.substring(2).replace("_", ""), 16)
                            : Long.parseLong(text));
        } catch (NumberFormatException notASeed) {
            throw new ExtensionConfigurationException("The configuration parameter " + property + " is \""
                    + value.get() + "\", which is not a seed: give it as signaltest prints seeds, 0x and up to 16 hex "
                    + "digits (for example 0x3c6ef372fe94f82a), or as a decimal number.");
        }
    }
}
