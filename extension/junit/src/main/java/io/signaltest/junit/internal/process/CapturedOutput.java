package io.signaltest.junit.internal.process;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One output stream of a finished child, as the {@code SignalRun} gives it: the text itself when it is small, else its
 * file; the number of lines; and the last lines, always in memory. The whole text as one {@code String} is refused
 * above {@link #MAX_TEXT_BYTES}, with a message that points to the ways that do not hold it: the lines read from the
 * file, or the tail.
 */
public final class CapturedOutput {

    /** The largest output {@link #text} returns as one string. */
    public static final long MAX_TEXT_BYTES = 16L * 1024 * 1024;

    private final Path file;
    private final String kept;
    private final long lineCount;
    private final long byteCount;
    private final List<String> tail;
    private final IOException fileFailure;
    private SoftReference<String> read = new SoftReference<>(null);

    CapturedOutput(Path file, String kept, long lineCount, long byteCount, List<String> tail, IOException fileFailure) {
        this.file = file;
        this.kept = kept;
        this.lineCount = lineCount;
        this.byteCount = byteCount;
        this.tail = List.copyOf(tail);
        this.fileFailure = fileFailure;
    }

    /** Output given as text (a run built by hand, as in tests), each line ending with a newline. */
    public static CapturedOutput of(String text) {
        List<String> lines = splitLines(text).toList();
        return new CapturedOutput(
                null,
                text,
                lines.size(),
                text.getBytes(StandardCharsets.UTF_8).length,
                lines.subList(Math.max(0, lines.size() - OutputCapture.TAIL_LINES), lines.size()),
                null);
    }

    /**
     * The whole text, each line ending with a newline.
     *
     * @param name the stream's name for messages ({@code stdout}, {@code stderr})
     * @throws IllegalStateException when the output is larger than {@link #MAX_TEXT_BYTES}
     */
    public String text(String name) {
        if (kept != null) {
            return kept;
        }
        String text = read.get();
        if (text != null) {
            return text;
        }
        if (byteCount > MAX_TEXT_BYTES) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "The child's %s is %s (%,d lines), more than "
                            + "signaltest returns as one String (%s), so that a test JVM never runs out "
                            + "of memory over it. "
                            + "Expected output of at most %s for %s(). What to do: read it line by line with "
                            + "SignalRun.%sLines() (a stream over the file, to close after use), or the "
                            + "file %s itself; "
                            + "failure messages show its last lines.",
                    name,
                    size(byteCount),
                    lineCount,
                    size(MAX_TEXT_BYTES),
                    size(MAX_TEXT_BYTES),
                    name,
                    name,
                    file));
        }
        StringBuilder s = new StringBuilder((int) byteCount);
        try (Stream<String> lines = lines()) {
            lines.forEach(line -> s.append(line).append('\n'));
        }
        text = s.toString();
        read = new SoftReference<>(text);
        return text;
    }

    /**
     * Every line, read from the file as the stream is walked (close it after use); a trailing carriage return is
     * dropped.
     */
    public Stream<String> lines() {
        if (kept != null) {
            return splitLines(kept);
        }
        if (fileFailure != null) {
            throw new UncheckedIOException(
                    "signaltest could not write the child's output to " + file + ": " + fileFailure.getMessage()
                            + "; only its last lines were kept",
                    fileFailure);
        }
        return readLines(file).limit(lineCount);
    }

    /** The last lines (at most {@link OutputCapture#TAIL_LINES}), oldest first. */
    public List<String> tail() {
        return tail;
    }

    /** True when the whole text is held in memory (small output, or text given by hand). */
    boolean wholeInMemory() {
        return kept != null;
    }

    public long lineCount() {
        return lineCount;
    }

    public long byteCount() {
        return byteCount;
    }

    /**
     * The lines of {@code file}, split at {@code \n} only, as the capture splits them, without a trailing carriage
     * return, decoded leniently (a program may print bytes that are not UTF-8).
     */
    static Stream<String> readLines(Path file) {
        Reader reader;
        try {
            reader = new InputStreamReader(
                    new BufferedInputStream(Files.newInputStream(file), 64 * 1024),
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(
                    "the child's output file " + file + " is gone (deleted by a later run "
                            + "of the same test?); only its last lines were kept",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the child's output at " + file + ": " + e.getMessage(), e);
        }
        Iterator<String> lines = new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = readLine();
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String line = next;
                next = null;
                return line;
            }

            private final char[] buffer = new char[64 * 1024];
            private int position;
            private int limit;

            private String readLine() {
                StringBuilder line = null;
                try {
                    while (true) {
                        if (position == limit) {
                            limit = reader.read(buffer);
                            position = 0;
                            if (limit <= 0) {
                                limit = 0;
                                return line == null || line.length() == 0 ? null : strip(line);
                            }
                        }
                        int start = position;
                        while (position < limit && buffer[position] != '\n') {
                            position++;
                        }
                        if (line == null) {
                            line = new StringBuilder(Math.max(16, position - start));
                        }
                        line.append(buffer, start, position - start);
                        if (position < limit) {
                            position++; // the newline
                            return strip(line);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot read the child's output at " + file + ": " + e.getMessage(), e);
                }
            }
        };
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The lines of {@code text}, split as {@link #readLines} splits a file. */
    static Stream<String> splitLines(String text) {
        if (text.isEmpty()) {
            return Stream.empty();
        }
        String whole = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.stream(whole.split("\n", -1)).map(line -> strip(new StringBuilder(line)));
    }

    private static String strip(CharSequence line) {
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        return line.subSequence(0, end).toString();
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%,d bytes", bytes);
    }
}
