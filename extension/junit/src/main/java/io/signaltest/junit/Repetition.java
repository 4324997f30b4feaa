package io.signaltest.junit;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Which run of a repeated scenario a {@link SignalRun} was ({@link SignalTest#runs()}), with the seed that chose its
 * signals' delays after the moment ({@link SignalTest#jitterMillis()}). The delays follow from the seed and the window
 * alone, so a run is replayed by its seed:
 *
 * <pre>{@code
 * // a failed run's message ends with, for example:
 * //   run 17 of 200, seed 0x3c6ef372fe94f82a, SIGINT 12.418 ms after the moment
 * //   replay it: -Dsignaltest.replay=0x3c6ef372fe94f82a
 * run.repetition().ifPresent(r -> System.out.println(r.seedText() + ": " + r.delay(1)));
 * }</pre>
 *
 * @param run this run's number, from 1
 * @param runs how many runs the scenario has
 * @param seed this run's seed: the series' first seed + {@code run} - 1
 * @param window the jitter window; zero when every signal goes out at its moment
 * @since 0.2
 */
public record Repetition(int run, int runs, long seed, Duration window) {

    public Repetition {
        if (run < 1 || run > runs) {
            throw new IllegalArgumentException("run " + run + " of " + runs + ": a run number goes from 1 to runs");
        }
        if (window.isNegative()) {
            throw new IllegalArgumentException("a jitter window cannot be negative: " + window);
        }
    }

    /**
     * The delay after its moment of the {@code signal}th tested signal of this run (from 1): uniform within the window,
     * in whole microseconds, drawn from the seed; zero without a window.
     */
    public Duration delay(int signal) {
        if (signal < 1) {
            throw new IllegalArgumentException("signals are counted from 1, not " + signal);
        }
        long micros = window.toNanos() / 1_000;
        if (micros == 0) {
            return Duration.ZERO;
        }
        SplittableRandom random = new SplittableRandom(seed);
        long delay = 0;
        for (int i = 0; i < signal; i++) {
            delay = random.nextLong(micros + 1);
        }
        return Duration.ofNanos(delay * 1_000);
    }

    /** Whether the signals go out after a random delay rather than at the moment. */
    public boolean jittered() {
        return !window.isZero();
    }

    /**
     * The seed as signaltest writes it, {@code 0x} and 16 hex digits: what {@value SignalTest#REPLAY_PROPERTY} takes.
     */
    public String seedText() {
        return text(seed);
    }

    /** The configuration parameter that replays this run: {@code -Dsignaltest.replay=0x...}. */
    public String replay() {
        return "-D" + SignalTest.REPLAY_PROPERTY + "=" + seedText();
    }

    /** A seed as signaltest writes it. */
    static String text(long seed) {
        return String.format(Locale.ROOT, "0x%016x", seed);
    }
}
