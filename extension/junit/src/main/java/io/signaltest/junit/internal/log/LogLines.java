package io.signaltest.junit.internal.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.signaltest.junit.LogRecord;
import io.signaltest.runtime.protocol.LogFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns one line of a cleanup log into a {@link LogRecord}, or says why it is not one. Every reader of the log (the
 * tail while the child runs, {@code CleanupLog} afterwards) goes through here, so that they accept and reject the same
 * lines with the same words.
 */
public final class LogLines {

    /** The format versions ({@code v}) this harness reads; see docs/log-format.md. */
    public static final List<Long> READABLE_VERSIONS = LogFormat.READABLE_VERSIONS;

    /* Jackson's streaming parser, not its ObjectMapper: see JsonValues. */
    private static final JsonFactory JSON = new JsonFactory();
    private static final int SHOWN_CHARS = 200;

    private LogLines() {}

    /** Why a line is not a record this harness can read. */
    public static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        private final Long version;

        BadLine(String message, Long version) {
            super(message, null, false, false);
            this.version = version;
        }

        /** True when the line is a record of a format version this harness does not read. */
        public boolean unreadableVersion() {
            return version != null;
        }

        /** The format version of the record, when it is one this harness does not read; else null. */
        public Long version() {
            return version;
        }
    }

    /**
     * The record on {@code line} (1-based number {@code lineNumber}).
     *
     * @throws BadLine with a message that starts with "line N " and ends with the line itself
     */
    @SuppressWarnings("unchecked")
    public static LogRecord parse(int lineNumber, String line) throws BadLine {
        Object value;
        try (JsonParser p = JSON.createParser(line)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw invalid(lineNumber, "no content", line);
            }
            value = JsonValues.value(p, first);
        } catch (IOException e) {
            throw invalid(lineNumber, firstLine(e.getMessage()), line);
        }
        if (!(value instanceof Map)) {
            throw invalid(lineNumber, "not a JSON object", line);
        }
        Map<String, Object> fields = (Map<String, Object>) value;
        Object v = fields.get(LogFormat.VERSION_FIELD);
        if (v instanceof Number n && !LogFormat.readable(n.longValue())) {
            throw new BadLine(
                    "line " + lineNumber + " is a record of log format version " + number(n)
                            + ", but this signaltest reads " + versions() + " only (see docs/log-format.md): "
                            + abbreviate(line),
                    n.longValue());
        }
        Object seq = fields.get(LogFormat.SEQ_FIELD);
        Object t = fields.get(LogFormat.TIME_FIELD);
        Object event = fields.get(LogFormat.EVENT_FIELD);
        if (!(seq instanceof Number) || !(t instanceof Number) || !(event instanceof String)) {
            throw invalid(lineNumber, "seq, t_ns and event are required", line);
        }
        return new LogRecord(lineNumber, ((Number) seq).longValue(), ((Number) t).longValue(), (String) event, fields);
    }

    /** What an index keeps of a record: its event and its task id ({@link LogRecords#NO_TASK} without one). */
    public record Envelope(String event, int task) {}

    /**
     * The event and task of the record on a line, checking the line as {@link #parse} does but without building the
     * record: a streaming pass over the JSON, for logs of millions of lines.
     *
     * @throws BadLine exactly when {@link #parse} would, with the same message
     */
    public static Envelope envelope(int lineNumber, byte[] line, int length) throws BadLine {
        try (JsonParser p = JSON.createParser(line, 0, length)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                String event = null;
                boolean seq = false;
                boolean time = false;
                int task = LogRecords.NO_TASK;
                boolean readable = true;
                JsonToken token;
                while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case LogFormat.EVENT_FIELD -> event = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        case LogFormat.SEQ_FIELD -> seq = value.isNumeric();
                        case LogFormat.TIME_FIELD -> time = value.isNumeric();
                        case "task" ->
                            task = value.isNumeric() ? p.getNumberValue().intValue() : LogRecords.NO_TASK;
                        case LogFormat.VERSION_FIELD ->
                            readable = !value.isNumeric()
                                    || LogFormat.readable(p.getNumberValue().longValue());
                        default -> p.skipChildren();
                    }
                }
                if (token == JsonToken.END_OBJECT && event != null && seq && time && readable) {
                    return new Envelope(event, task);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the full parse says what is wrong, in its own words
        }
        LogRecord record = parse(lineNumber, new String(line, 0, length, StandardCharsets.UTF_8));
        return new Envelope(record.event(), record.task().orElse(LogRecords.NO_TASK));
    }

    /** "version 1", or "versions 1 and 2": the versions this harness reads, for messages. */
    public static String versions() {
        List<String> all = READABLE_VERSIONS.stream().map(String::valueOf).collect(Collectors.toList());
        return all.size() == 1
                ? "version " + all.get(0)
                : "versions " + String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }

    /** What to do about a log of a version this harness does not read. */
    public static String versionAdvice() {
        return "Use the same release of signaltest-junit in the tests as of signaltest-runtime in the program "
                + "(or, for a program that writes the log itself, write records with \"v\": "
                + READABLE_VERSIONS.get(READABLE_VERSIONS.size() - 1) + " as docs/log-format.md describes).";
    }

    public static String abbreviate(String line) {
        return line.length() <= SHOWN_CHARS ? line : line.substring(0, SHOWN_CHARS) + "...";
    }

    private static BadLine invalid(int lineNumber, String why, String line) {
        return new BadLine(
                "line " + lineNumber + " is not a valid log record (" + why + "): " + abbreviate(line), null);
    }

    private static String number(Number n) {
        return n instanceof Double || n instanceof Float ? n.toString() : Long.toString(n.longValue());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
