package io.signaltest.junit.internal.log;

import io.signaltest.junit.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cleanup log too large to hold as records: one pass checks every line and keeps, per record, only where its line is,
 * its event and its task id (about 22 bytes, whatever the record holds); a record is parsed again from the file when it
 * is asked for. A few thousand recently read records are kept, so that the checks, which look at the same records
 * several times, do not parse them each time.
 *
 * <p>The file stays open while the index is reachable (a deleted file stays readable on POSIX systems); it is closed
 * when the index is garbage collected.
 */
public final class LogIndex extends LogRecords {

    /** At most this many parsed records are kept in memory. */
    static final int CACHED_RECORDS = 4096;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final int BLOCK_BYTES = 64 * 1024;
    /** The index's arrays: offset, length, line, event, task. */
    private static final int BYTES_PER_RECORD = 8 + 4 + 4 + 2 + 4;

    private final Path file;
    private final FileChannel channel;
    private final int size;
    private final long[] offsets;
    private final int[] lengths;
    private final int[] lines;
    private final short[] events;
    private final int[] tasks;
    private final String[] eventNames;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
    private long blockStart = -1;
    private int lastIndex = -2;
    private final Map<Integer, LogRecord> recent = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, LogRecord> eldest) {
            return size() > CACHED_RECORDS;
        }
    };

    /** What reading a log file found: its records, and the lines that are not records. */
    public record Reading(LogRecords records, List<String> errors, List<String> notes) {}

    private LogIndex(Path file, FileChannel channel, Builder built) {
        this.file = file;
        this.channel = channel;
        this.size = built.size;
        this.offsets = Arrays.copyOf(built.offsets, size);
        this.lengths = Arrays.copyOf(built.lengths, size);
        this.lines = Arrays.copyOf(built.lines, size);
        this.events = Arrays.copyOf(built.events, size);
        this.tasks = Arrays.copyOf(built.tasks, size);
        this.eventNames = built.names.toArray(new String[0]);
        CLEANER.register(this, new Closer(channel));
    }

    /** Checks every line of {@code file} and indexes its records; lines that are not records become errors. */
    public static Reading read(Path file, int maxErrors) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cleanup log at " + file + ": " + e.getMessage(), e);
        }
        try {
            Builder built = new Builder(file, maxErrors);
            built.scan(channel);
            return new Reading(new LogIndex(file, channel, built), built.errors, built.notes);
        } catch (IOException e) {
            new Closer(channel).run();
            throw new UncheckedIOException("cannot read the cleanup log at " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            new Closer(channel).run();
            throw e;
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String event(int index) {
        return eventNames[events[index]];
    }

    @Override
    public int task(int index) {
        return tasks[index];
    }

    @Override
    public int line(int index) {
        return lines[index];
    }

    @Override
    public synchronized LogRecord get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("record " + index + " of " + size);
        }
        LogRecord cached = recent.get(index);
        if (cached != null) {
            return cached;
        }
        boolean sequential = index == lastIndex + 1;
        lastIndex = index;
        String text = new String(bytes(offsets[index], lengths[index], sequential), StandardCharsets.UTF_8);
        LogRecord record;
        try {
            record = LogLines.parse(lines[index], text);
        } catch (LogLines.BadLine e) {
            throw new IllegalStateException(
                    "the cleanup log at " + file + " changed after it was read: " + e.getMessage()
                            + "; read it again with CleanupLog.read",
                    e);
        }
        recent.put(index, record);
        return record;
    }

    /**
     * The bytes at {@code offset}: a walk through the log reads the file a block at a time; a look-up here and there (a
     * task's records) reads just its line.
     */
    private byte[] bytes(long offset, int length, boolean sequential) {
        try {
            boolean inBlock = blockStart >= 0 && offset >= blockStart && offset + length <= blockStart + block.limit();
            if (length > BLOCK_BYTES || (!inBlock && !sequential)) {
                ByteBuffer whole = ByteBuffer.allocate(length);
                readFully(whole, offset);
                return whole.array();
            }
            if (!inBlock) {
                block.clear();
                readFully(block, offset);
                block.flip();
                blockStart = offset;
                if (block.limit() < length) {
                    throw new IllegalStateException("the cleanup log at " + file + " became shorter after it was "
                            + "read; read it again with CleanupLog.read");
                }
            }
            int from = (int) (offset - blockStart);
            return Arrays.copyOfRange(block.array(), from, from + length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cleanup log at " + file + ": " + e.getMessage(), e);
        }
    }

    private void readFully(ByteBuffer target, long offset) throws IOException {
        long position = offset;
        while (target.hasRemaining()) {
            int n = channel.read(target, position);
            if (n < 0) {
                break;
            }
            position += n;
        }
    }

    /**
     * The compact facts of a log's records, gathered one line at a time: by a pass over the whole file ({@link #read}),
     * or by a reader that follows the file while it is written ({@link LogTail}).
     */
    static final class Builder {
        private final Path file;
        private final int maxErrors;
        private final List<String> errors = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private final Map<String, Short> codes = new HashMap<>();
        private long[] offsets = new long[1024];
        private int[] lengths = new int[1024];
        private int[] lines = new int[1024];
        private short[] events = new short[1024];
        private int[] tasks = new int[1024];
        private int size;
        private int moreErrors;

        Builder(Path file, int maxErrors) {
            this.file = file;
            this.maxErrors = maxErrors;
        }

        void scan(FileChannel channel) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK_BYTES);
            byte[] line = new byte[256];
            int lineLength = 0;
            long lineStart = 0;
            long lineBytes = 0;
            long position = 0;
            int lineNumber = 0;
            while (true) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                byte[] bytes = buffer.array();
                for (int i = 0; i < n; i++) {
                    if (bytes[i] != '\n') {
                        if (lineBytes < LogTail.MAX_LINE_BYTES) {
                            if (lineLength == line.length) {
                                line = Arrays.copyOf(line, Math.min(LogTail.MAX_LINE_BYTES, line.length * 2));
                            }
                            line[lineLength++] = bytes[i];
                        }
                        lineBytes++;
                        continue;
                    }
                    lineNumber++;
                    if (lineBytes > lineLength) {
                        error("line " + lineNumber + " is not a valid log record (it is " + lineBytes
                                + " bytes long, more than the " + LogTail.MAX_LINE_BYTES + " a record may have)");
                    } else {
                        line(lineNumber, lineStart, line, lineLength);
                    }
                    lineStart = position + i + 1;
                    lineLength = 0;
                    lineBytes = 0;
                    if (line.length > 4096) {
                        line = new byte[256]; // one long line does not keep a large buffer for the rest
                    }
                }
                position += n;
            }
            finish(lineBytes > 0 ? new String(line, 0, lineLength, StandardCharsets.UTF_8) : null, lineNumber + 1);
        }

        /** The end of the file: notes a last line without its end ({@code torn}, or null) and the unlisted errors. */
        void finish(String torn, int tornLineNumber) {
            if (torn != null) {
                notes.add("line " + tornLineNumber + " has no end of line: the process stopped while writing it; "
                        + "ignored: " + LogLines.abbreviate(torn));
            }
            if (moreErrors > 0) {
                notes.add(moreErrors + " more lines are not valid records; only the first " + maxErrors
                        + " are listed as errors");
            }
        }

        private void line(int lineNumber, long offset, byte[] bytes, int length) {
            if (blank(bytes, length)) {
                return;
            }
            LogLines.Envelope record;
            try {
                record = LogLines.envelope(lineNumber, bytes, length);
            } catch (LogLines.BadLine bad) {
                error(bad.getMessage());
                return;
            }
            add(lineNumber, offset, length, record.event(), record.task());
        }

        /** Adds the record on line {@code lineNumber}, {@code length} bytes at {@code offset} of the file. */
        void add(int lineNumber, long offset, int length, String event, int task) {
            if (size == offsets.length) {
                int grown = size + (size >> 1);
                checkRoom(grown);
                offsets = Arrays.copyOf(offsets, grown);
                lengths = Arrays.copyOf(lengths, grown);
                lines = Arrays.copyOf(lines, grown);
                events = Arrays.copyOf(events, grown);
                tasks = Arrays.copyOf(tasks, grown);
            }
            offsets[size] = offset;
            lengths[size] = length;
            lines[size] = lineNumber;
            events[size] = code(event);
            tasks[size] = task;
            size++;
        }

        /** Forgets everything added: the file was truncated, and is read again from its start. */
        void reset() {
            errors.clear();
            notes.clear();
            size = 0;
            moreErrors = 0;
        }

        /** The index of what was added, over {@code channel}, which it then owns. */
        LogIndex build(FileChannel channel) {
            return new LogIndex(file, channel, this);
        }

        List<String> errors() {
            return errors;
        }

        List<String> notes() {
            return notes;
        }

        int size() {
            return size;
        }

        /** As String.isBlank does for the line's text: only whitespace (the JSON kinds of it, in practice). */
        private static boolean blank(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b != ' ' && b != '\t' && b != '\r' && b != 0x0B && b != '\f' && (b < 0x1C || b > 0x1F)) {
                    return false;
                }
            }
            return true;
        }

        /** Fails with a message, not an OutOfMemoryError, when the index would take a large part of the heap. */
        private void checkRoom(int records) {
            long needed = (long) records * BYTES_PER_RECORD;
            long heap = Runtime.getRuntime().maxMemory();
            if (needed > heap / 4) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "The cleanup log at %s has more than %,d "
                                + "records; indexing it would take %,d MiB, more than a quarter of this "
                                + "JVM's heap (%,d MiB). "
                                + "Expected a log that the test JVM can check (about %d bytes of heap "
                                + "per record). What to do: "
                                + "give the test JVM more heap (-Xmx in the Surefire or Failsafe "
                                + "argLine), or let the scenario "
                                + "log fewer records (fewer tasks).",
                        file,
                        size,
                        needed >> 20,
                        heap >> 20,
                        BYTES_PER_RECORD));
            }
        }

        private short code(String event) {
            Short code = codes.get(event);
            if (code == null) {
                if (names.size() == Short.MAX_VALUE) {
                    throw new IllegalStateException("the cleanup log has more than " + Short.MAX_VALUE
                            + " different event names; signaltest reads logs with fewer (see docs/log-format.md)");
                }
                code = (short) names.size();
                names.add(event);
                codes.put(event, code);
            }
            return code;
        }

        void error(String message) {
            if (errors.size() < maxErrors) {
                errors.add(message);
            } else {
                moreErrors++;
            }
        }
    }

    /** Closes the file once the index is unreachable; holds no reference to the index. */
    private static final class Closer implements Runnable {
        private final FileChannel channel;

        Closer(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void run() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
        }
    }
}
