package io.signaltest.junit.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One output stream of the child (stdout or stderr), split into lines as it arrives: kept in
 * memory for the {@code SignalRun} and the moment {@code atOutput}, and copied to a file line by
 * line, so that the file is readable even when the test JVM dies.
 */
public final class OutputCapture extends OutputStream {

    private final OutputStream file;
    private final Progress progress;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    /** For each line, the number of the write that completed it: lines of one write arrived together. */
    private final List<Integer> writeOfLine = new ArrayList<>();
    private int writes;
    private boolean ended;
    private IOException fileFailure;

    public OutputCapture(Path file, Progress progress) {
        try {
            this.file = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
        this.progress = progress;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        boolean newLines = false;
        synchronized (this) {
            writes++;
            int start = offset;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, start, i - start);
                    emit();
                    newLines = true;
                    start = i + 1;
                }
            }
            partial.write(bytes, start, offset + length - start);
        }
        if (newLines) {
            progress.changed();
        }
    }

    /** Keeps a last line that has no newline; called once the stream has ended. */
    public void finish() {
        boolean emitted = false;
        synchronized (this) {
            ended = true;
            if (partial.size() > 0) {
                emit();
                emitted = true;
            }
            try {
                file.close();
            } catch (IOException e) {
                fileFailure = e;
            }
        }
        if (emitted) {
            progress.changed();
        }
    }

    private void emit() {
        byte[] bytes = partial.toByteArray();
        partial.reset();
        String line = new String(bytes, StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        lines.add(line);
        writeOfLine.add(writes);
        if (fileFailure == null) {
            try {
                file.write(bytes);
                file.write('\n');
                file.flush();
            } catch (IOException e) {
                fileFailure = e;
            }
        }
    }

    /** The complete lines so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines from index {@code from} on: lets a reader follow the stream without copying it all each time. */
    public synchronized List<String> linesFrom(int from) {
        return from >= lines.size() ? List.of() : List.copyOf(lines.subList(from, lines.size()));
    }

    /** How many complete lines there are so far. */
    public synchronized int lineCount() {
        return lines.size();
    }

    /**
     * Whether line {@code index} reached the harness in the stream's last write, together with
     * a later line, after which the stream ended: the mark of output that sat in the program's
     * buffer until it exited.
     */
    public synchronized boolean cameWithTheEnd(int index) {
        int last = lines.size() - 1;
        return ended && index >= 0 && index < last && writeOfLine.get(index).equals(writeOfLine.get(last));
    }

    /** The text so far, each line ending with a newline. */
    public synchronized String text() {
        StringBuilder s = new StringBuilder();
        for (String line : lines) {
            s.append(line).append('\n');
        }
        return s.toString();
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
