package io.signaltest.junit.internal.log;

import io.signaltest.junit.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a cleanup log while the child writes it: each {@link #poll(Predicate)} hands out the records of the lines
 * completed since the last one, and keeps none of them, so that its memory stays the same however long the log grows. A
 * line still being written is kept until its newline arrives; a line longer than {@link #MAX_LINE_BYTES} is an error,
 * not a reason to hold it whole.
 */
public final class LogTail implements AutoCloseable {

    /** A longer line is not a record the harness holds in memory: it is reported as invalid. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private FileChannel channel;
    private int lines;
    private long partialBytes;
    private long records;
    private LogLines.BadLine firstError;

    public LogTail(Path file) {
        this.file = file;
        buffer.flip(); // empty: nothing read yet
    }

    /**
     * Hands each record completed since the last call to {@code reader}, in log order, until it returns false, and
     * returns how many it handed out. The records after the one it stopped (or threw) on are handed out by the next
     * call.
     */
    public int poll(Predicate<LogRecord> reader) {
        if (channel == null) {
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
        try {
            return LogLines.parse(lines, text);
        } catch (LogLines.BadLine bad) {
            noteError(bad);
            return null;
        }
    }

    private void noteError(LogLines.BadLine bad) {
        if (firstError == null) {
            firstError = bad;
        }
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
