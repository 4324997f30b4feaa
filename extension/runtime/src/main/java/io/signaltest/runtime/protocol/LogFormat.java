package io.signaltest.runtime.protocol;

import java.util.List;

/**
 * The cleanup log's format, as writers and readers agree on it: JSON Lines, one whole record per line, each record
 * beginning with the envelope {@value #VERSION_FIELD}, {@value #SEQ_FIELD}, {@value #TIME_FIELD} and
 * {@value #EVENT_FIELD}; the events are {@link LogEvents}. The full specification, with every event's fields, is
 * docs/log-format.md.
 *
 * <h2>Compatibility</h2>
 *
 * Later releases may add events and fields; a reader ignores those it does not know. A change of meaning increments the
 * version, and a reader refuses a record whose version it does not read ({@link #readable(long)}) rather than guess
 * what it means.
 *
 * @since 0.1
 */
public final class LogFormat {

    /** The version this release writes, in every record's {@value #VERSION_FIELD}. */
    public static final int VERSION = 1;
    /** The versions this release reads. */
    public static final List<Long> READABLE_VERSIONS = List.of(1L);

    /** The envelope: the format version. */
    public static final String VERSION_FIELD = "v";
    /** The envelope: 0, 1, 2, ... without gaps, in the order the records were written. */
    public static final String SEQ_FIELD = "seq";
    /** The envelope: monotonic nanoseconds since the log was opened. */
    public static final String TIME_FIELD = "t_ns";
    /** The envelope: the record's kind, one of {@link LogEvents}. */
    public static final String EVENT_FIELD = "event";

    private LogFormat() {}

    /** Whether a reader of this release reads a record of format {@code version}. */
    public static boolean readable(long version) {
        return READABLE_VERSIONS.contains(version);
    }
}
