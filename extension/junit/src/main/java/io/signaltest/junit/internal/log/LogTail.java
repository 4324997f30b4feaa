package io.signaltest.junit.internal.log;

import io.signaltest.junit.CleanupLog;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a cleanup log while the child writes it: each {@link #poll()} parses the lines
 * completed since the last one. A line still being written is kept until its newline arrives.
 */
public final class LogTail implements AutoCloseable {

    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<LogRecord> records = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private FileChannel channel;
    private int lines;

    public LogTail(Path file) {
        this.file = file;
    }

    /** Parses what the child appended since the last call; returns the new records. */
    public List<LogRecord> poll() {
        if (channel == null) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException notYet) {
                return List.of();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the cleanup log at " + file + ": " + e.getMessage(), e);
            }
        }
        List<LogRecord> fresh = new ArrayList<>();
        try {
            if (channel.size() < channel.position()) {
                // The file was truncated under us (a writer that recreates it): start over.
                channel.position(0);
                partial.reset();
                records.clear();
                errors.clear();
                lines = 0;
            }
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n <= 0) {
                    break;
                }
                byte[] bytes = buffer.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        partial.write(bytes, start, i - start);
                        line(partial.toString(StandardCharsets.UTF_8), fresh);
                        partial.reset();
                        start = i + 1;
                    }
                }
                partial.write(bytes, start, n - start);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cleanup log at " + file + ": " + e.getMessage(), e);
        }
        records.addAll(fresh);
        return fresh;
    }

    private void line(String text, List<LogRecord> fresh) {
        lines++;
        if (text.isBlank()) {
            return;
        }
        CleanupLog parsed = CleanupLog.parse(text + "\n");
        if (!parsed.errors().isEmpty()) {
            // CleanupLog numbers the lines of what it parsed: this one line is always "line 1".
            errors.add(parsed.errors().get(0).replaceFirst("^line 1 ", "line " + lines + " "));
            return;
        }
        for (LogRecord r : parsed.records()) {
            fresh.add(new LogRecord(lines, r.seq(), r.tNanos(), r.event(), r.fields()));
        }
    }

    /** Every record read so far. */
    public List<LogRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** Complete lines that were not valid records, in the words of {@link CleanupLog#errors()}. */
    public List<String> errors() {
        return Collections.unmodifiableList(errors);
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
