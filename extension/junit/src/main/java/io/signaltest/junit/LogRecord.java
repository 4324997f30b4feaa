package io.signaltest.junit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One record of a cleanup log (see {@code docs/log-format.md}): its sequence number, its monotonic timestamp, its event
 * name and its other fields.
 *
 * <pre>{@code
 * LogRecord started = run.log().first(LogEvents.TASK_STARTED).orElseThrow();
 * int slot = started.number("slot").orElseThrow();
 * }</pre>
 *
 * @since 0.1
 */
public final class LogRecord {

    private final int line;
    private final long seq;
    private final long tNanos;
    private final String event;
    private final Map<String, Object> fields;

    /**
     * @param line the 1-based line number in the log file
     * @param fields every field of the record, {@code v}, {@code seq}, {@code t_ns} and {@code event} included; values
     *     are strings, numbers ({@link Long} or {@link Double}), booleans, null, maps and lists
     */
    public LogRecord(int line, long seq, long tNanos, String event, Map<String, Object> fields) {
        this.line = line;
        this.seq = seq;
        this.tNanos = tNanos;
        this.event = Objects.requireNonNull(event, "event must not be null");
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public int line() {
        return line;
    }

    public long seq() {
        return seq;
    }

    /** Monotonic nanoseconds since the log was opened. */
    public long tNanos() {
        return tNanos;
    }

    public String event() {
        return event;
    }

    public boolean is(String eventName) {
        return event.equals(eventName);
    }

    /** All fields, in the order the log wrote them. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The {@code task} field, for task records. */
    public OptionalInt task() {
        Object value = fields.get("task");
        return value instanceof Number ? OptionalInt.of(((Number) value).intValue()) : OptionalInt.empty();
    }

    public Optional<String> text(String field) {
        Object value = fields.get(field);
        return value instanceof String ? Optional.of((String) value) : Optional.empty();
    }

    public OptionalLong number(String field) {
        Object value = fields.get(field);
        return value instanceof Number ? OptionalLong.of(((Number) value).longValue()) : OptionalLong.empty();
    }

    public boolean flag(String field) {
        return Boolean.TRUE.equals(fields.get(field));
    }

    /** The record's fields other than the envelope ({@code v}, {@code seq}, {@code t_ns}, {@code event}). */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>(fields);
        details.remove("v");
        details.remove("seq");
        details.remove("t_ns");
        details.remove("event");
        return details;
    }

    /**
     * Records are equal when they are the same line of a log: the same line number, envelope and fields. A large
     * {@link CleanupLog} reads a record from its file each time it is asked for, so two equal records need not be the
     * same object.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord r
                && line == r.line
                && seq == r.seq
                && tNanos == r.tNanos
                && event.equals(r.event)
                && fields.equals(r.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, seq, tNanos, event);
    }

    @Override
    public String toString() {
        return "#" + seq + " " + event + " " + details();
    }
}
