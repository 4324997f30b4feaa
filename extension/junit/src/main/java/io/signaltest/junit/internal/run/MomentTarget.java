package io.signaltest.junit.internal.run;

import io.signaltest.junit.LogRecord;
import io.signaltest.junit.service.ServiceMoment;
import io.signaltest.runtime.Moment;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The instant at which {@code @SignalTest} delivers the signal, as one of the three ways it can name it, or the moment
 * of a service's drain at which {@code @ServiceTest} delivers it.
 */
public sealed interface MomentTarget {

    /** The name shown in display names, reports and {@code SignalRun.moment()}. */
    String displayName();

    /** The value of {@code SIGNALTEST_HOLD} for the child: the runtime moments to hold at, in order. */
    String holds();

    /**
     * A moment of the signaltest runtime, held by the runtime until the signal lands. For
     * {@link Moment#DURING_CLEANUP}, {@code firstSignalAt} is where the first signal goes.
     */
    record RuntimeMoment(Moment moment, Moment firstSignalAt) implements MomentTarget {
        public RuntimeMoment {
            Objects.requireNonNull(moment, "moment");
            Objects.requireNonNull(firstSignalAt, "firstSignalAt");
        }

        public boolean duringCleanup() {
            return moment == Moment.DURING_CLEANUP;
        }

        @Override
        public String displayName() {
            return moment.name();
        }

        @Override
        public String holds() {
            return duringCleanup() ? firstSignalAt.name() + "," + moment.name() : moment.name();
        }
    }

    /** The first cleanup log record with this event and these fields (values compared as text). */
    record LogEvent(String event, Map<String, String> fields) implements MomentTarget {
        public LogEvent {
            Objects.requireNonNull(event, "event");
            fields = Map.copyOf(fields);
        }

        public boolean matches(LogRecord record) {
            if (!record.is(event)) {
                return false;
            }
            for (Map.Entry<String, String> field : fields.entrySet()) {
                Object value = record.fields().get(field.getKey());
                if (value == null || !String.valueOf(value).equals(field.getValue())) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String displayName() {
            if (fields.isEmpty()) {
                return "log event " + event;
            }
            return "log event " + event + " "
                    + fields.entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" "));
        }

        @Override
        public String holds() {
            return "";
        }
    }

    /** The {@code count}th line of stdout or stderr in which this regular expression finds a match. */
    record OutputLine(Pattern pattern, int count) implements MomentTarget {
        public OutputLine {
            Objects.requireNonNull(pattern, "pattern");
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, but is " + count);
            }
        }

        /** The first matching line. */
        public OutputLine(Pattern pattern) {
            this(pattern, 1);
        }

        public boolean matches(String line) {
            return pattern.matcher(line).find();
        }

        @Override
        public String displayName() {
            return "output /" + pattern.pattern() + "/" + (count > 1 ? " #" + count : "");
        }

        @Override
        public String holds() {
            return "";
        }
    }

    /** A moment of a service's drain, which the harness brings about with its own requests. */
    record Service(ServiceMoment moment) implements MomentTarget {
        public Service {
            Objects.requireNonNull(moment, "moment");
        }

        @Override
        public String displayName() {
            return moment.name();
        }

        @Override
        public String holds() {
            return "";
        }
    }
}
