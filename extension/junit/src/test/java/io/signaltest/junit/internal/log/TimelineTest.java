package io.signaltest.junit.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A timeline line reads as the format {@code "%+10.3f ms #%-5d %-28s"} would write it. */
class TimelineTest {

    private static final String FORMAT = "%+10.3f ms  #%-5d %-28s";

    @Test
    void aLineReadsAsTheFormatWritesIt() {
        List<Long> nanos = new ArrayList<>(List.of(
                0L,
                1L,
                499L,
                500L,
                501L,
                999L,
                1_000L,
                9_999L,
                99_500L,
                999_499L,
                999_500L,
                1_000_000L,
                1_234_500L,
                12_345_678_901L,
                99_999_999_999L,
                123_456_789_012_345L,
                999_999_999_999_999L,
                1_000_000_000_000_000L,
                Long.MAX_VALUE));
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            nanos.add(random.nextLong() % (i < 1_000 ? 100_000_000_000L : 1_000_000_000_000_000L));
        }
        for (long n : List.copyOf(nanos)) {
            nanos.add(-n);
        }
        nanos.add(Long.MIN_VALUE);
        for (long n : nanos) {
            assertThat(Timeline.millis(n)).as("%d ns", n).isEqualTo(String.format(Locale.ROOT, "%+.3f", n / 1e6));
        }
        for (long seq : List.of(0L, 7L, 12_345L, 1_234_567L)) {
            for (String event : List.of("moment", "task_cleanup_finished", "an_event_name_longer_than_the_column")) {
                LogRecord record = new LogRecord(1, seq, 1_234_567_891L, event, Map.of("task", 4L));
                assertThat(Timeline.line(record, 1_000L))
                        .isEqualTo(String.format(Locale.ROOT, FORMAT, (1_234_567_891L - 1_000L) / 1e6, seq, event)
                                + " task=4");
                LogRecord bare = new LogRecord(1, seq, 5L, event, Map.of());
                assertThat(Timeline.line(bare, 9L))
                        .isEqualTo(String.format(Locale.ROOT, FORMAT, -4 / 1e6, seq, event)
                                .stripTrailing());
            }
        }
    }
}
