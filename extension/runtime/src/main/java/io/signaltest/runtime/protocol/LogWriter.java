package io.signaltest.runtime.protocol;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the cleanup log: JSON Lines, one whole record per line, handed to the operating system line by line so that a
 * process killed at any instant leaves a log whose complete lines all parse. See {@code docs/log-format.md} for the
 * schema.
 *
 * <p>Every record starts with {@code v}, {@code seq} (0, 1, 2, ... without gaps), {@code t_ns} (monotonic nanoseconds
 * since the log was opened) and {@code event}. Thread-safe. A batch ({@link #beginBatch()} / {@link #endBatch()})
 * collects many records and hands them to the OS in one write; each line in it is still whole.
 */
public final class LogWriter implements AutoCloseable {

    /** The version of the record schema, written in every record as {@code v}. */
    public static final int FORMAT_VERSION = 1;

    private static final LogWriter DISCARDING = new LogWriter(null);
    private static final String RECORD_START = "{\"v\":" + FORMAT_VERSION + ",\"seq\":";
    private static final byte[] RECORD_START_BYTES = RECORD_START.getBytes(StandardCharsets.UTF_8);
    private static final byte[] RECORD_END = {'}', '\n'};
    private static final int BATCH_FLUSH_BYTES = 1 << 20;
    /** Many task records go to the OS in writes of about this size, each of whole lines. */
    private static final int TASK_RECORDS_FLUSH_BYTES = 1 << 16;

    private static final Map<Path, LogWriter> OPEN = new HashMap<>();

    private final OutputStream out;
    private final long origin = System.nanoTime();
    private final StringBuilder line = new StringBuilder(256);
    private final StringBuilder batch = new StringBuilder();
    private final RecordBytes taskRecords = new RecordBytes();
    private long seq;
    private int batchDepth;
    private IOException failure;

    private LogWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * The log at {@code path}. The first call in a process creates (or truncates) the file and its parent directories;
     * later calls for the same path share it, so several runs in one process append to one log with one sequence.
     */
    public static LogWriter open(Path path) {
        Path key = path.toAbsolutePath().normalize();
        synchronized (OPEN) {
            return OPEN.computeIfAbsent(key, LogWriter::create);
        }
    }

    private static LogWriter create(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new LogWriter(new FileOutputStream(path.toFile(), false));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the cleanup log at " + path + ": " + e.getMessage() + "; choose a writable path", e);
        }
    }

    /** A log written to {@code out}, which receives each line (or batch) in one {@code write} call. */
    public static LogWriter to(OutputStream out) {
        return new LogWriter(java.util.Objects.requireNonNull(out, "out must not be null"));
    }

    /** A log that writes nothing: used when neither the application nor the harness asked for one. */
    public static LogWriter discarding() {
        return DISCARDING;
    }

    /** The {@link System#nanoTime()} value that {@code t_ns} counts from (the same clock in every process on Linux). */
    public long originNanos() {
        return origin;
    }

    public boolean enabled() {
        return out != null;
    }

    /**
     * Appends one record. {@code fields} alternate names (strings) and values: strings, numbers, booleans, null,
     * {@link Map}s (objects) and {@link java.util.Collection}s (arrays); anything else as its {@code toString()}.
     */
    public void write(String event, Object... fields) {
        if (out == null) {
            return;
        }
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "fields must alternate names and values, got " + fields.length + " items");
        }
        synchronized (this) {
            // Inside a batch the record is built in the batch itself: no copy per line.
            StringBuilder out = batchDepth > 0 ? batch : line;
            if (out == line) {
                line.setLength(0);
            }
            out.append("{\"v\":")
                    .append(FORMAT_VERSION)
                    .append(",\"seq\":")
                    .append(seq++)
                    .append(",\"t_ns\":")
                    .append(System.nanoTime() - origin)
                    .append(",\"event\":");
            Json.appendString(out, event);
            for (int i = 0; i < fields.length; i += 2) {
                out.append(',');
                Json.appendString(out, (String) fields[i]);
                out.append(':');
                Json.appendValue(out, fields[i + 1]);
            }
            out.append('}').append('\n');
            if (out == line) {
                emit(line);
            } else if (batch.length() >= BATCH_FLUSH_BYTES) {
                emit(batch);
                batch.setLength(0);
            }
        }
    }

    /** Appends the JSON members that follow {@code "task":<id>} in a record of {@link #writeTaskRecords}. */
    @FunctionalInterface
    public interface TaskMembers {
        /** Appends, already encoded, the members after {@code task} (for example {@code "name":"a"}). */
        void append(StringBuilder out, int id);

        /** The same member in every record, such as {@code "was":"queued"}: encoded once, copied per record. */
        static TaskMembers constant(String name, String value) {
            StringBuilder encoded = new StringBuilder();
            appendMember(encoded, name, value);
            return new ConstantMembers(encoded.toString());
        }
    }

    /**
     * A {@link TaskMembers} whose bytes are the same for every task: the cancelled queue's records need no work per
     * record.
     */
    private static final class ConstantMembers implements TaskMembers {
        private final String text;
        private final byte[] bytes;

        ConstantMembers(String text) {
            this.text = text;
            this.bytes = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void append(StringBuilder out, int id) {
            out.append(text);
        }
    }

    /**
     * Appends one record for each of the {@code count} task ids from {@code firstId} on,
     * {@code {"event":<event>,"task":<id>,<members>}}, all with the same timestamp (they describe one instant): the
     * fast path for the many records that queue a run's tasks and, after a cancellation, write off the tasks that never
     * started. The records are encoded straight to UTF-8 bytes and reach the OS in writes of about 64 KB of whole
     * lines, so no string per task is ever held and nothing is copied twice.
     */
    public void writeTaskRecords(String event, int firstId, int count, TaskMembers members) {
        if (out == null || count <= 0) {
            return;
        }
        synchronized (this) {
            StringBuilder head = new StringBuilder(",\"t_ns\":")
                    .append(System.nanoTime() - origin)
                    .append(",\"event\":");
            Json.appendString(head, event);
            head.append(",\"task\":");
            byte[] middle = head.toString().getBytes(StandardCharsets.UTF_8);
            if (batchDepth > 0) { // inside a caller's batch: the records join it, in order
                for (int i = 0; i < count; i++) {
                    batch.append(RECORD_START)
                            .append(seq++)
                            .append(head)
                            .append(firstId + i)
                            .append(',');
                    members.append(batch, firstId + i);
                    batch.append("}\n");
                }
                return;
            }
            byte[] constant = members instanceof ConstantMembers ? ((ConstantMembers) members).bytes : null;
            StringBuilder member = new StringBuilder(64);
            for (int i = 0; i < count; i++) {
                taskRecords
                        .append(RECORD_START_BYTES)
                        .appendDecimal(seq++)
                        .append(middle)
                        .appendDecimal(firstId + i)
                        .append(',');
                if (constant != null) {
                    taskRecords.append(constant);
                } else {
                    member.setLength(0);
                    members.append(member, firstId + i);
                    taskRecords.append(member);
                }
                taskRecords.append(RECORD_END);
                if (taskRecords.length() >= TASK_RECORDS_FLUSH_BYTES) {
                    emit(taskRecords);
                }
            }
            emit(taskRecords);
        }
    }

    private void emit(RecordBytes bytes) {
        try {
            if (failure == null && bytes.length() > 0) {
                bytes.writeTo(out);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            bytes.clear();
        }
    }

    /** Appends {@code "name":<value>}, encoded: a piece of {@link TaskMembers}. */
    public static void appendMember(StringBuilder out, String name, String value) {
        Json.appendString(out, name);
        out.append(':');
        Json.appendString(out, value);
    }

    /** Starts collecting records; they reach the OS at the matching {@link #endBatch()}. */
    public synchronized void beginBatch() {
        batchDepth++;
    }

    public synchronized void endBatch() {
        if (batchDepth == 0) {
            throw new IllegalStateException("endBatch() without beginBatch()");
        }
        if (--batchDepth == 0 && batch.length() > 0) {
            emit(batch);
            batch.setLength(0);
        }
    }

    /** The first write error, if any: the log never throws at the code that writes a record. */
    public synchronized IOException failure() {
        return failure;
    }

    private void emit(CharSequence text) {
        if (failure != null) {
            return;
        }
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        if (batch.length() > 0) {
            emit(batch);
            batch.setLength(0);
        }
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
