package io.signaltest.runtime.protocol;

/**
 * The {@code wall_clock} of a {@code run_started} record: the time of day in UTC as ISO-8601 with milliseconds, such as
 * {@code 2026-12-03T16:20:05.042Z}.
 *
 * <p>Written by hand rather than with {@code java.time}: {@code Instant.toString()} loads and initialises the
 * {@code java.time.format} machinery, about 5 ms of CPU in a JVM started with {@code -Xint} (measured against this
 * class in a program that prints the time and nothing else), which every child of every scenario run would pay once
 * (docs/benchmarks.md). A reader parses the value with {@code Instant.parse}.
 *
 * <pre>{@code
 * log.write(LogEvents.RUN_STARTED, ..., "wall_clock", WallClock.now());
 * }</pre>
 *
 * @since 0.1
 */
public final class WallClock {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private WallClock() {}

    /** The current time, as {@link #iso(long)} writes it. */
    public static String now() {
        return iso(System.currentTimeMillis());
    }

    /**
     * {@code epochMillis} (milliseconds since 1970-01-01T00:00:00Z) as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, for the years
     * 0000 to 9999.
     *
     * @throws IllegalArgumentException for a time outside those years
     */
    public static String iso(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        long millisOfDay = Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // The proleptic Gregorian date of a day count, by 400-year eras of 146,097 days counted from 0000-03-01, so
        // that a leap day is the last day of its year.
        long shifted = days + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException(
                    "epoch milliseconds " + epochMillis + " fall in the year " + year + ", outside 0000 to 9999");
        }
        char[] text = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(text, 0, 4, year);
        digits(text, 5, 2, month);
        digits(text, 8, 2, day);
        digits(text, 11, 2, millisOfDay / 3_600_000);
        digits(text, 14, 2, millisOfDay / 60_000 % 60);
        digits(text, 17, 2, millisOfDay / 1_000 % 60);
        digits(text, 20, 3, millisOfDay % 1_000);
        return new String(text);
    }

    private static void digits(char[] text, int at, int width, long value) {
        long rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
    }
}
