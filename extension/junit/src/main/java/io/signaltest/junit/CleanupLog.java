package io.signaltest.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed cleanup log: the JSON Lines file that the signaltest runtime, or any program that
 * follows {@code docs/log-format.md}, writes while it runs.
 *
 * <p>A last line without its newline is a line the process was killed while writing: it is
 * dropped and noted in {@link #notes()}. Any other line that is not a JSON object with
 * {@code seq}, {@code t_ns} and {@code event} is an error, listed in {@link #errors()}.
 *
 * <pre>{@code
 * CleanupLog log = CleanupLog.read(Path.of("cleanup.jsonl"));
 * List<Integer> started = log.taskIds("task_started");
 * }</pre>
 *
 * @since 0.1
 */
public final class CleanupLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LogRecord> records;
    private final List<String> errors;
    private final List<String> notes;

    private CleanupLog(List<LogRecord> records, List<String> errors, List<String> notes) {
        this.records = Collections.unmodifiableList(records);
        this.errors = Collections.unmodifiableList(errors);
        this.notes = Collections.unmodifiableList(notes);
    }

    /** Reads the log at {@code path}; a missing file is an empty log with a note saying so. */
    public static CleanupLog read(Path path) {
        if (!Files.exists(path)) {
            return new CleanupLog(new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(List.of("no cleanup log was written at " + path)));
        }
        try {
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
        for (int i = 0; i < count; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            boolean last = i == count - 1;
            if (last && !complete) {
                notes.add("line " + lineNumber + " has no end of line: the process stopped while writing it; ignored: "
                        + abbreviate(line));
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(toRecord(lineNumber, line));
            } catch (IllegalArgumentException | JsonProcessingException e) {
                errors.add("line " + lineNumber + " is not a valid log record (" + firstLine(e.getMessage()) + "): "
                        + abbreviate(line));
            }
        }
        return new CleanupLog(records, errors, notes);
    }

    @SuppressWarnings("unchecked")
    private static LogRecord toRecord(int lineNumber, String line) throws JsonProcessingException {
        Object value = JSON.readValue(line, Object.class);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> fields = (Map<String, Object>) value;
        Object seq = fields.get("seq");
        Object t = fields.get("t_ns");
        Object event = fields.get("event");
        if (!(seq instanceof Number) || !(t instanceof Number) || !(event instanceof String)) {
            throw new IllegalArgumentException("seq, t_ns and event are required");
        }
        return new LogRecord(lineNumber, ((Number) seq).longValue(), ((Number) t).longValue(), (String) event, fields);
    }

    public List<LogRecord> records() {
        return records;
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
        return records.isEmpty();
    }

    public List<LogRecord> records(String event) {
        return records.stream().filter(r -> r.is(event)).collect(Collectors.toList());
    }

    public Optional<LogRecord> first(String event) {
        return records.stream().filter(r -> r.is(event)).findFirst();
    }

    public Optional<LogRecord> last(String event) {
        LogRecord found = null;
        for (LogRecord r : records) {
            if (r.is(event)) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The {@code task} ids of the records of {@code event}, in log order, duplicates kept. */
    public List<Integer> taskIds(String event) {
        List<Integer> ids = new ArrayList<>();
        for (LogRecord r : records) {
            if (r.is(event)) {
                r.task().ifPresent(ids::add);
            }
        }
        return ids;
    }

    /** Every record about task {@code id}, in log order. */
    public List<LogRecord> task(int id) {
        return records.stream()
                .filter(r -> r.task().isPresent() && r.task().getAsInt() == id)
                .collect(Collectors.toList());
    }

    /** The records that come after {@code record} in the log. */
    public List<LogRecord> after(LogRecord record) {
        int index = records.indexOf(record);
        return index < 0 ? List.of() : records.subList(index + 1, records.size());
    }

    /** The first {@code signal_received} record: the signal that cancelled the run. */
    public Optional<LogRecord> firstSignal() {
        return first("signal_received");
    }

    @Override
    public String toString() {
        return "CleanupLog[" + records.size() + " records"
                + (errors.isEmpty() ? "" : ", " + errors.size() + " errors") + "]";
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
