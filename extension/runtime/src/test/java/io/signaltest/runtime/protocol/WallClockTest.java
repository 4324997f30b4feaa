package io.signaltest.runtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WallClockTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    @Test
    void writesWhatJavaTimeWritesForTheSameMillisecond() {
        long[] edges = {
            0L, // the epoch
            -1L, // the millisecond before it
            951_782_400_000L, // 2000-02-29, a leap day of a year divisible by 400
            4_107_456_000_000L, // 2100-02-28: 2100 is no leap year
            4_107_542_399_999L, // the last millisecond of 2100-02-28
            1_796_342_405_042L, // a time of day with every field non-zero
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
            Instant.parse("0000-01-01T00:00:00Z").toEpochMilli()
        };
        for (long millis : edges) {
            assertThat(WallClock.iso(millis))
                    .as("%d", millis)
                    .isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        }
        SplittableRandom random = new SplittableRandom(7);
        long last = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        long first = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            long millis = random.nextLong(first, last + 1);
            assertThat(WallClock.iso(millis))
                    .as("%d", millis)
                    .isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        }
    }

    @Test
    void aReaderParsesItBackToTheSameMillisecond() {
        long millis = 1_796_342_405_042L;
        assertThat(Instant.parse(WallClock.iso(millis)).toEpochMilli()).isEqualTo(millis);
        assertThat(WallClock.iso(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void nowIsTheCurrentTime() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant now = Instant.parse(WallClock.now());
        assertThat(now).isBetween(before, Instant.now());
    }

    @Test
    void aTimeOutsideFourDigitYearsIsRefused() {
        long tooLate = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli() + 1;
        assertThatThrownBy(() -> WallClock.iso(tooLate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("year 10000, outside 0000 to 9999");
    }
}
