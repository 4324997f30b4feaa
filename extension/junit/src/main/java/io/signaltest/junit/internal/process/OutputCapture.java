package io.signaltest.junit.internal.process;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One output stream of the child (stdout or stderr), split into lines as it arrives and copied to a file, so that the
 * file is readable even when the test JVM dies. Memory stays bounded however much the child prints: the text is kept
 * whole only up to {@link #WHOLE_TEXT_BYTES}, then only the last {@link #TAIL_LINES} lines; a line longer than
 * {@link #MAX_LINE_BYTES} reaches the file whole but the watchers and the tail only its beginning. Code that needs
 * every line as it comes (the moment {@code atOutput}, counts of matching lines) {@linkplain #watch watches} the
 * stream; code that needs every line afterwards reads the file ({@link CapturedOutput#lines()}).
 */
public final class OutputCapture extends OutputStream {

    /** The whole text is kept in memory up to this many bytes; beyond, only the tail. */
    public static final int WHOLE_TEXT_BYTES = 1 << 20;
    /** How many trailing lines are always kept in memory. */
    public static final int TAIL_LINES = 50;
    /** Watchers and the tail see at most this many bytes of one line. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    /** zt-exec's pumps read the pipe this many bytes at a time: a shorter read means the pipe is empty. */
    private static final int PUMP_READ_BYTES = 1024;

    private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Receives each complete line of the stream, in order, on the thread that pumps the output. A watcher that finds
     * what the harness waits for wakes it through the {@link Progress}.
     */
    @FunctionalInterface
    public interface LineWatcher {
        void line(String line);
    }

    private static final byte[] NEWLINE = {'\n'};

    private final Path path;
    private final OutputStream file;
    private final Progress progress;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<LineWatcher> watchers = new CopyOnWriteArrayList<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private StringBuilder whole = new StringBuilder();
    private long partialBytes;
    private boolean streamed;
    private long lineCount;
    private long byteCount;
    /** Counts the pump's writes; a line's write is the one that completed it. */
    private long writes;

    private long lastLineWrite = -1;
    /** The index of the first line that the last line's write completed. */
    private long lastWriteFirstLine = -1;
    /** The index of the line being replayed to a new watcher, or -1. */
    private long replayedLine = -1;

    private IOException fileFailure;
    private boolean finished;
    private long flushedNanos = System.nanoTime();

    public OutputCapture(Path file, Progress progress) {
        this.path = file;
        try {
            this.file = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
        this.progress = progress;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /**
     * Takes what the pump read from the pipe. The file is flushed when the pipe was drained (a read shorter than the
     * pump's buffer) or every {@link #FLUSH_NANOS}: a child that prints a line and pauses has it on disk at once, one
     * that prints without pause costs one flush per interval rather than one per read.
     */
    @Override
    public void write(byte[] bytes, int offset, int length) {
        synchronized (this) {
            writes++;
            int start = offset;
            boolean newLines = false;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    keep(bytes, start, i - start);
                    emit();
                    newLines = true;
                    start = i + 1;
                }
            }
            keep(bytes, start, offset + length - start);
            long now = System.nanoTime();
            if (newLines && (length < PUMP_READ_BYTES || now - flushedNanos > FLUSH_NANOS)) {
                flushFile();
                flushedNanos = now;
            }
        }
    }

    /**
     * Part of the current line. A line reaches the file when it is complete; only a line longer than
     * {@link #MAX_LINE_BYTES} goes to the file as it comes, and its beginning stays in memory.
     */
    private void keep(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (!streamed && partialBytes + length > MAX_LINE_BYTES) {
            streamed = true;
            fileWrite(partial.toByteArray(), 0, partial.size());
        }
        if (streamed) {
            fileWrite(bytes, offset, length);
        }
        int kept = (int) Math.max(0, Math.min(length, MAX_LINE_BYTES - partialBytes));
        partial.write(bytes, offset, kept);
        partialBytes += length;
    }

    /**
     * Adds a watcher: it first receives every line the stream has had so far (read back from the file), then each new
     * line as it completes, with no line missed or repeated.
     */
    public synchronized void watch(LineWatcher watcher) {
        if (lineCount > 0) {
            flushFile();
            try (Stream<String> earlier = CapturedOutput.readLines(path)) {
                earlier.limit(lineCount).forEach(line -> {
                    replayedLine++;
                    watcher.line(cut(line));
                });
            } finally {
                replayedLine = -1;
            }
        }
        watchers.add(watcher);
    }

    /** How many complete lines the stream has had so far. */
    public synchronized long lineCount() {
        return lineCount;
    }

    /**
     * For a watcher: the index (from 0) of the line it is being given, whether the line is new or replayed from
     * earlier.
     */
    public synchronized long currentLine() {
        return replayedLine >= 0 ? replayedLine : lineCount - 1;
    }

    /**
     * Whether line {@code index} reached the harness in the stream's last write together with a later line, after which
     * the stream ended: the mark of output that sat in the program's buffer until it exited. The same whenever the line
     * was given to a watcher.
     */
    public synchronized boolean cameWithTheEnd(long index) {
        return finished && index >= 0 && index >= lastWriteFirstLine && index < lineCount - 1;
    }

    /** Keeps a last line that has no newline; called once the stream has ended. */
    public void finish() {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (partialBytes > 0) {
                emit();
            }
            finished = true;
            try {
                file.close();
            } catch (IOException e) {
                fileFailure = fileFailure == null ? e : fileFailure;
            }
        }
        progress.changed();
    }

    private void emit() {
        if (!streamed) {
            fileWrite(partial.toByteArray(), 0, partial.size());
        }
        fileWrite(NEWLINE, 0, 1);
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        byteCount += partialBytes + 1;
        partialBytes = 0;
        streamed = false;
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (writes != lastLineWrite) {
            lastWriteFirstLine = lineCount;
        }
        lineCount++;
        lastLineWrite = writes;
        if (whole != null) {
            whole.append(line).append('\n');
            if (byteCount > WHOLE_TEXT_BYTES) {
                whole = null; // from here on the file holds the text, and memory only the tail
            }
        }
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        for (LineWatcher watcher : watchers) {
            watcher.line(line);
        }
    }

    private static String cut(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_LINE_BYTES ? line : new String(bytes, 0, MAX_LINE_BYTES, StandardCharsets.UTF_8);
    }

    private void fileWrite(byte[] bytes, int offset, int length) {
        if (fileFailure == null && !finished) {
            try {
                file.write(bytes, offset, length);
            } catch (IOException e) {
                fileFailure = e;
            }
        }
    }

    private void flushFile() {
        if (fileFailure == null && !finished) {
            try {
                file.flush();
            } catch (IOException e) {
                fileFailure = e;
            }
        }
    }

    /** What was captured so far: the text when it is small, else the file, and always the tail. */
    public synchronized CapturedOutput captured() {
        return new CapturedOutput(
                path,
                whole == null ? null : whole.toString(),
                lineCount,
                byteCount,
                new ArrayList<>(tail),
                fileFailure);
    }

    /**
     * The text so far, each line ending with a newline, when it is small enough to hold (see
     * {@link CapturedOutput#text}).
     */
    public String text() {
        return captured().text("output");
    }

    /** The complete lines so far, when they are few enough to hold. */
    public List<String> lines() {
        return CapturedOutput.splitLines(text()).toList();
    }

    @Override
    public void flush() {
        // lines reach the file as they complete
    }

    @Override
    public void close() {
        // the pump closes nothing it did not open; finish() ends the capture
    }
}
