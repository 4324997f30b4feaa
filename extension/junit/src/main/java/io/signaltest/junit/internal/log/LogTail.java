package io.signaltest.junit.internal.log;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a cleanup log while the child writes it, once: each {@link #poll(Predicate)} hands out the records of the lines
 * completed since the last one, and {@link #complete()} gives the whole log as it was read, without reading the file
 * again. A small log's records are kept; a large one's are indexed as they pass (per record, where its line is, its
 * event and its task, {@link LogIndex}), so that memory stays bounded however long the log grows. A line still being
 * written is kept until its newline arrives; a line longer than {@link #MAX_LINE_BYTES} is an error, not a reason to
 * hold it whole.
 */
public final class LogTail implements AutoCloseable {

    /** A longer line is not a record the harness holds in memory: it is reported as invalid. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final Path file;
    private final long inMemoryBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final LogIndex.Builder index;
    /** The records themselves, while the log is small enough to hold; null once it is not. */
    private List<LogRecord> held = new ArrayList<>();

    private FileChannel channel;
    /** The file offset of the first byte in the buffer. */
    private long bufferStart;
    /** The file offset of the line being read. */
    private long lineStart;

    private int lines;
    private long partialBytes;
    private long records;
    private LogLines.BadLine firstError;
    private Long unreadableVersion;

    /** A tail that keeps the records of a log up to {@code CleanupLog.IN_MEMORY_BYTES} and indexes a larger one. */
    public LogTail(Path file) {
        this(file, CleanupLog.IN_MEMORY_BYTES, CleanupLog.LISTED_ERRORS);
    }

    /** A tail that keeps the records of a log up to {@code inMemoryBytes} and indexes a larger one. */
    public LogTail(Path file, long inMemoryBytes, int listedErrors) {
        this.file = file;
        this.inMemoryBytes = inMemoryBytes;
        this.index = new LogIndex.Builder(file, listedErrors);
        buffer.flip(); // empty: nothing read yet
    }

    /**
     * Hands each record completed since the last call to {@code reader}, in log order, until it returns false, and
     * returns how many it handed out. The records after the one it stopped (or threw) on are handed out by the next
     * call.
     */
    public int poll(Predicate<LogRecord> reader) {
        if (channel == null) {
            if (!file.toFile().exists()) {
                // Asked while the child starts, again and again: an exception per look would cost more than the look.
                return 0;
            }
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException notYet) {
                return 0;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the cleanup log at " + file + ": " + e.getMessage(), e);
            }
        }
        int handed = 0;
        try {
            if (channel.size() < channel.position()) {
                // The file was truncated under us (a writer that recreates it): start over.
                channel.position(0);
                buffer.clear().flip();
                partial.reset();
                partialBytes = 0;
                lines = 0;
                firstError = null;
                unreadableVersion = null;
                bufferStart = 0;
                lineStart = 0;
                index.reset();
                held = new ArrayList<>();
            }
            while (true) {
                while (buffer.hasRemaining()) {
                    LogRecord record = nextLine();
                    if (record != null) {
                        handed++;
                        records++;
                        if (!reader.test(record)) {
                            return handed;
                        }
                    }
                }
                bufferStart += buffer.limit();
                buffer.clear();
                int n = channel.read(buffer);
                buffer.flip();
                if (n <= 0) {
                    return handed;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cleanup log at " + file + ": " + e.getMessage(), e);
        }
    }

    /** Consumes the buffer up to and including the next newline; the record on that line, if it completed one. */
    private LogRecord nextLine() {
        byte[] bytes = buffer.array();
        int start = buffer.position();
        int end = buffer.limit();
        int newline = start;
        while (newline < end && bytes[newline] != '\n') {
            newline++;
        }
        int length = newline - start;
        if (partialBytes + length <= MAX_LINE_BYTES) {
            partial.write(bytes, start, length);
        }
        partialBytes += length;
        if (newline == end) {
            buffer.position(end);
            return null;
        }
        buffer.position(newline + 1);
        lines++;
        long lineBytes = partialBytes;
        long offset = lineStart;
        lineStart = bufferStart + newline + 1;
        String text = lineBytes <= MAX_LINE_BYTES ? partial.toString(StandardCharsets.UTF_8) : null;
        partial.reset();
        partialBytes = 0;
        if (text == null) {
            noteError(new LogLines.BadLine(
                    "line " + lines + " is not a valid log record (it is " + lineBytes + " bytes long, more than the "
                            + MAX_LINE_BYTES + " a record may have)",
                    null));
            return null;
        }
        if (text.isBlank()) {
            return null;
        }
        LogRecord record;
        try {
            record = LogLines.parse(lines, text);
        } catch (LogLines.BadLine bad) {
            noteError(bad);
            return null;
        }
        index.add(lines, offset, (int) lineBytes, record.event(), record.task().orElse(LogRecords.NO_TASK));
        if (held != null) {
            held.add(record);
            if (lineStart > inMemoryBytes) {
                held = null; // from here on the index alone: records are read from the file when asked for
            }
        }
        return record;
    }

    private void noteError(LogLines.BadLine bad) {
        if (firstError == null) {
            firstError = bad;
        }
        if (bad.unreadableVersion() && unreadableVersion == null) {
            unreadableVersion = bad.version();
        }
        index.error(bad.getMessage());
    }

    /**
     * Reads the log to its end and gives every record of it, its invalid lines and its notes (a last line without its
     * end), as one pass has read them. The tail is closed then; a large log's index reads the file on its own.
     */
    public LogIndex.Reading complete() {
        poll(record -> true);
        String torn = partialBytes > 0 && partialBytes <= MAX_LINE_BYTES
                ? partial.toString(StandardCharsets.UTF_8)
                : partialBytes > 0 ? "(a line of " + partialBytes + " bytes)" : null;
        index.finish(torn, lines + 1);
        if (!Files.exists(file)) {
            index.notes().add("no cleanup log was written at " + file);
        }
        close();
        if (held != null) {
            return new LogIndex.Reading(LogRecords.of(held), index.errors(), index.notes());
        }
        try {
            return new LogIndex.Reading(
                    index.build(FileChannel.open(file, StandardOpenOption.READ)), index.errors(), index.notes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cleanup log at " + file + ": " + e.getMessage(), e);
        }
    }

    /** The format version of a record that this signaltest does not read, if the log had one. */
    public Optional<Long> unreadableVersion() {
        return Optional.ofNullable(unreadableVersion);
    }

    /** The first complete line that is not a record this harness reads, in the words of {@code CleanupLog#errors()}. */
    public Optional<LogLines.BadLine> firstError() {
        return Optional.ofNullable(firstError);
    }

    /** How many records the tail has handed out so far. */
    public long recordCount() {
        return records;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a read-only handle: nothing was written through it
            }
        }
    }
}
