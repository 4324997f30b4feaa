package io.signaltest.junit;

import io.signaltest.junit.internal.log.LogIndex;
import io.signaltest.junit.internal.log.LogLines;
import io.signaltest.junit.internal.log.LogRecords;
import io.signaltest.junit.internal.log.LogTail;
import io.signaltest.runtime.protocol.LogEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed cleanup log: the JSON Lines file that the signaltest runtime, or any program that follows
 * {@code docs/log-format.md}, writes while it runs.
 *
 * <p>A last line without its newline is a line the process was killed while writing: it is dropped and noted in
 * {@link #notes()}. Any other line that is not a JSON object with {@code seq}, {@code t_ns} and {@code event}, or that
 * is a record of a format version this signaltest does not read (its {@code v}), is an error, listed in
 * {@link #errors()} (the first {@value #LISTED_ERRORS}; a note counts the rest).
 *
 * <h2>Large logs</h2>
 *
 * A log file of up to {@value #IN_MEMORY_BYTES} bytes is read into memory. A larger one is checked line by line and
 * indexed: per record, only where its line is, its event and its task id stay in memory, and a record is parsed again
 * from the file when it is asked for. The lists this class returns are then views that read the file as they are
 * walked: memory stays bounded however many records the log has, and records compare {@linkplain LogRecord#equals
 * equal} (not necessarily the same object) each time they are read.
 *
 * <pre>{@code
 * CleanupLog log = CleanupLog.read(Path.of("cleanup.jsonl"));
 * List<Integer> started = log.taskIds(LogEvents.TASK_STARTED);
 * List<LogRecord> cleanups = log.task(3, LogEvents.CLEANUP_STARTED, LogEvents.CLEANUP_FINISHED);
 * }</pre>
 *
 * @since 0.1
 */
public final class CleanupLog {

    /** A log file up to this size is read into memory; a larger one is indexed and read on demand. */
    public static final long IN_MEMORY_BYTES = 4L * 1024 * 1024;
    /** At most this many invalid lines are listed in {@link #errors()}. */
    public static final int LISTED_ERRORS = 100;

    private final LogRecords records;
    private final List<LogRecord> all;
    private final List<String> errors;
    private final List<String> notes;

    private CleanupLog(LogRecords records, List<String> errors, List<String> notes) {
        this.records = records;
        this.all = new Positions(records, null);
        this.errors = Collections.unmodifiableList(errors);
        this.notes = Collections.unmodifiableList(notes);
    }

    /** Reads the log at {@code path}; a missing file is an empty log with a note saying so. */
    public static CleanupLog read(Path path) {
        return read(path, IN_MEMORY_BYTES);
    }

    /** {@link #read(Path)}, indexing files larger than {@code inMemoryBytes}. */
    static CleanupLog read(Path path, long inMemoryBytes) {
        if (!Files.exists(path)) {
            return new CleanupLog(
                    LogRecords.of(List.of()),
                    new ArrayList<>(),
                    new ArrayList<>(List.of("no cleanup log was written at " + path)));
        }
        try {
            if (Files.size(path) > inMemoryBytes) {
                LogIndex.Reading reading = LogIndex.read(path, LISTED_ERRORS);
                return new CleanupLog(reading.records(), reading.errors(), reading.notes());
            }
            return parse(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cleanup log at " + path + ": " + e.getMessage(), e);
        }
    }

    /** Parses the whole text of a log. */
    public static CleanupLog parse(String text) {
        List<LogRecord> records = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean complete = text.isEmpty() || text.endsWith("\n");
        String[] lines = text.split("\n", -1);
        int count = complete ? lines.length - 1 : lines.length;
        int unlisted = 0;
        for (int i = 0; i < count; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            boolean last = i == count - 1;
            if (last && !complete) {
                notes.add("line " + lineNumber + " has no end of line: the process stopped while writing it; ignored: "
                        + LogLines.abbreviate(line));
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(LogLines.parse(lineNumber, line));
            } catch (LogLines.BadLine e) {
                if (errors.size() < LISTED_ERRORS) {
                    errors.add(e.getMessage());
                } else {
                    unlisted++;
                }
            }
        }
        if (unlisted > 0) {
            notes.add(unlisted + " more lines are not valid records; only the first " + LISTED_ERRORS
                    + " are listed as errors");
        }
        return new CleanupLog(LogRecords.of(records), errors, notes);
    }

    /**
     * Follows the log at {@code path} while a program writes it: {@link Tail#poll} hands out each new record, and
     * {@link Tail#log()} gives the whole log as it was read, without reading the file again.
     *
     * <pre>{@code
     * try (CleanupLog.Tail tail = CleanupLog.follow(path)) {
     *     while (program.isAlive()) {
     *         tail.poll(record -> { System.out.println(record); return true; });
     *     }
     *     CleanupLog log = tail.log();
     * }
     * }</pre>
     *
     * @since 0.1
     */
    public static Tail follow(Path path) {
        return new Tail(new LogTail(path));
    }

    /**
     * A cleanup log read while it is written; see {@link #follow(Path)}. Its memory stays bounded however long the log
     * grows: a large log is indexed as it passes, as {@link #read(Path)} does.
     *
     * @since 0.1
     */
    public static final class Tail implements AutoCloseable {
        private final LogTail tail;

        private Tail(LogTail tail) {
            this.tail = tail;
        }

        /**
         * Hands each record completed since the last call to {@code reader}, in log order, until it returns false;
         * returns how many it handed out. The records after the one it stopped on come with the next call.
         */
        public int poll(Predicate<LogRecord> reader) {
            return tail.poll(reader);
        }

        /** How many records have been handed out so far. */
        public long recordCount() {
            return tail.recordCount();
        }

        /** The first line read so far that is not a valid record, in the words of {@link CleanupLog#errors()}. */
        public Optional<String> firstError() {
            return tail.firstError().map(Throwable::getMessage);
        }

        /** The format version of a record read so far that this signaltest does not read, if there was one. */
        public Optional<Long> unreadableVersion() {
            return tail.unreadableVersion();
        }

        /** Reads the log to its end and returns all of it; the tail is closed then. */
        public CleanupLog log() {
            LogIndex.Reading reading = tail.complete();
            return new CleanupLog(reading.records(), reading.errors(), reading.notes());
        }

        @Override
        public void close() {
            tail.close();
        }
    }

    /** Every record, in log order. */
    public List<LogRecord> records() {
        return all;
    }

    /** Lines that are not valid records (a torn last line is not one of them: see {@link #notes()}). */
    public List<String> errors() {
        return errors;
    }

    /** Remarks about the log that are not errors, such as a torn last line. */
    public List<String> notes() {
        return notes;
    }

    public boolean isEmpty() {
        return records.size() == 0;
    }

    /** The records of {@code event}, in log order. */
    public List<LogRecord> records(String event) {
        int[] positions = new int[16];
        int count = 0;
        for (int i = 0; i < records.size(); i++) {
            if (records.event(i).equals(event)) {
                if (count == positions.length) {
                    positions = Arrays.copyOf(positions, count * 2);
                }
                positions[count++] = i;
            }
        }
        return new Positions(records, Arrays.copyOf(positions, count));
    }

    public Optional<LogRecord> first(String event) {
        for (int i = 0; i < records.size(); i++) {
            if (records.event(i).equals(event)) {
                return Optional.of(records.get(i));
            }
        }
        return Optional.empty();
    }

    public Optional<LogRecord> last(String event) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.event(i).equals(event)) {
                return Optional.of(records.get(i));
            }
        }
        return Optional.empty();
    }

    /** The {@code task} ids of the records of {@code event}, in log order, duplicates kept. */
    public List<Integer> taskIds(String event) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.task(i) != LogRecords.NO_TASK && records.event(i).equals(event)) {
                ids.add(records.task(i));
            }
        }
        return ids;
    }

    /** Every record about task {@code id}, in log order. */
    public List<LogRecord> task(int id) {
        return new Positions(records, records.positionsOfTask(id));
    }

    /**
     * The records about task {@code id} whose event is one of {@code events}, in log order. On a large log this reads
     * only those records, where {@code task(id)} and a filter would read every record of the task.
     *
     * <pre>{@code
     * List<LogRecord> ends = log.task(3, LogEvents.CLEANUP_FINISHED, LogEvents.CLEANUP_FAILED);
     * }</pre>
     *
     * @since 0.1
     */
    public List<LogRecord> task(int id, String... events) {
        Set<String> wanted = Set.of(events);
        int[] positions = records.positionsOfTask(id);
        int count = 0;
        for (int position : positions) {
            if (wanted.contains(records.event(position))) {
                positions[count++] = position;
            }
        }
        return new Positions(records, Arrays.copyOf(positions, count));
    }

    /** The records that come after {@code record} in the log. */
    public List<LogRecord> after(LogRecord record) {
        int index = records.indexOf(record);
        return index < 0 ? List.of() : all.subList(index + 1, all.size());
    }

    /** The first {@code signal_received} record: the signal that cancelled the run. */
    public Optional<LogRecord> firstSignal() {
        return first(LogEvents.SIGNAL_RECEIVED);
    }

    @Override
    public String toString() {
        return "CleanupLog[" + records.size() + " records" + (errors.isEmpty() ? "" : ", " + errors.size() + " errors")
                + "]";
    }

    /** An unmodifiable list of some records of the log (all of them when {@code positions} is null), read as walked. */
    private static final class Positions extends AbstractList<LogRecord> implements RandomAccess {
        private final LogRecords records;
        private final int[] positions;

        Positions(LogRecords records, int[] positions) {
            this.records = records;
            this.positions = positions;
        }

        @Override
        public LogRecord get(int index) {
            if (positions == null) {
                return records.get(index);
            }
            return records.get(positions[index]);
        }

        @Override
        public int size() {
            return positions == null ? records.size() : positions.length;
        }
    }
}
