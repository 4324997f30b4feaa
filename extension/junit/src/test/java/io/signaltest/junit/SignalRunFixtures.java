package io.signaltest.junit;

import io.signaltest.junit.internal.process.CapturedOutput;
import io.signaltest.junit.internal.run.RecordedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs built from hand-written cleanup logs, for the assertion tests.
 *
 * <p>Each log line is a JSON object without the envelope: {@link #withEnvelope(String)} adds
 * {@code "v":1,"seq":n,"t_ns":...}, numbering the records from 0. A line may end with a comment {@code // #12} naming
 * its seq, which is checked, so the numbers a test asserts on are visible in the log it builds.
 */
final class SignalRunFixtures {

    /**
     * A correct run: four tasks, two slots, SIGINT while tasks 3 and 4 wait for a slot; both running tasks are
     * cancelled and cleaned up, both waiting tasks are cancelled before start.
     */
    static final String QUEUE_WAITING_LOG = """
            {"event":"run_started","pid":4242,"tasks":4,"max_concurrent":2,"cleanup_deadline_ms":5000}  // #0
            {"event":"task_queued","task":1,"name":"part-1"}
            {"event":"task_queued","task":2,"name":"part-2"}
            {"event":"task_queued","task":3,"name":"part-3"}
            {"event":"task_queued","task":4,"name":"part-4"}
            {"event":"task_started","task":1,"slot":1}                                                  // #5
            {"event":"resource_opened","task":1,"resource":"temp file part-1.tmp"}
            {"event":"task_started","task":2,"slot":2}                                                  // #7
            {"event":"resource_opened","task":2,"resource":"temp file part-2.tmp"}
            {"event":"moment","moment":"QUEUE_WAITING","running":2,"in_cleanup":0,"occupied_slots":2,"queued":2,"max_concurrent":2,"signals_received":0,"held":true}  // #9
            {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}           // #10
            {"event":"hold_released","moment":"QUEUE_WAITING","reason":"signal"}
            {"event":"run_cancelling","cause":"signal","signal":"INT","running":2,"in_cleanup":0,"queued":2}  // #12
            {"event":"task_cancelled_before_start","task":3,"was":"queued"}
            {"event":"task_cancelled_before_start","task":4,"was":"queued"}
            {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}                           // #15
            {"event":"resource_closed","task":1,"resource":"temp file part-1.tmp"}
            {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":3,"overran":false}
            {"event":"task_cancelled","task":1,"slot":1,"was":"running","ended_by":"java.lang.InterruptedException"}
            {"event":"cleanup_started","task":2,"slot":2,"after":"cancelled"}                           // #19
            {"event":"resource_closed","task":2,"resource":"temp file part-2.tmp"}
            {"event":"cleanup_finished","task":2,"slot":2,"duration_ms":4,"overran":false}
            {"event":"task_cancelled","task":2,"slot":2,"was":"running","ended_by":"java.lang.InterruptedException"}
            {"event":"run_finished","cause":"signal","signal":"INT","signals_received":1,"completed":0,"failed":0,"cancelled":2,"cancelled_before_start":2,"abandoned":[],"exit_code":130}
            {"event":"exit","code":130,"chosen_by":"runtime","proposed_code":130}                      // #24
            """;

    /**
     * A correct run with two SIGINT: the first at ALL_SLOTS_FULL, the second while task 1's cleanup runs
     * (DURING_CLEANUP); the second is ignored and both cleanups finish.
     */
    static final String DURING_CLEANUP_LOG = """
            {"event":"run_started","pid":4242,"tasks":2,"max_concurrent":2,"cleanup_deadline_ms":5000}  // #0
            {"event":"task_queued","task":1,"name":"part-1"}
            {"event":"task_queued","task":2,"name":"part-2"}
            {"event":"task_started","task":1,"slot":1}
            {"event":"task_started","task":2,"slot":2}
            {"event":"moment","moment":"ALL_SLOTS_FULL","running":2,"in_cleanup":0,"occupied_slots":2,"queued":0,"max_concurrent":2,"signals_received":0,"held":true}  // #5
            {"event":"signal_received","signal":"INT","number":2,"count":1,"action":"cancel"}           // #6
            {"event":"hold_released","moment":"ALL_SLOTS_FULL","reason":"signal"}
            {"event":"run_cancelling","cause":"signal","signal":"INT","running":2,"in_cleanup":0,"queued":0}
            {"event":"cleanup_started","task":1,"slot":1,"after":"cancelled"}                           // #9
            {"event":"moment","moment":"DURING_CLEANUP","running":1,"in_cleanup":1,"occupied_slots":2,"queued":0,"max_concurrent":2,"signals_received":1,"held":true}  // #10
            {"event":"signal_received","signal":"INT","number":2,"count":2,"action":"ignored-during-cleanup"}  // #11
            {"event":"hold_released","moment":"DURING_CLEANUP","reason":"signal"}
            {"event":"cleanup_finished","task":1,"slot":1,"duration_ms":40,"overran":false}             // #13
            {"event":"task_cancelled","task":1,"slot":1,"was":"running","ended_by":"return"}
            {"event":"cleanup_started","task":2,"slot":2,"after":"cancelled"}                           // #15
            {"event":"cleanup_finished","task":2,"slot":2,"duration_ms":38,"overran":false}
            {"event":"task_cancelled","task":2,"slot":2,"was":"running","ended_by":"return"}
            {"event":"run_finished","cause":"signal","signal":"INT","signals_received":2,"completed":0,"failed":0,"cancelled":2,"cancelled_before_start":0,"abandoned":[],"exit_code":130}
            {"event":"exit","code":130,"chosen_by":"runtime","proposed_code":130}                      // #19
            """;

    private static final Pattern SEQ_COMMENT = Pattern.compile("\\s*//\\s*#(\\d+)\\s*$");
    private static final long STEP_NANOS = 250_000;

    private SignalRunFixtures() {}

    /**
     * A run whose cleanup log is {@code logLines} (records without their envelope), SIGINT at QUEUE_WAITING, exit 130.
     */
    static Builder run(String logLines) {
        return new Builder(withEnvelope(logLines));
    }

    /** A run whose cleanup log is exactly {@code text}. */
    static Builder runWithLogText(String text) {
        return new Builder(text);
    }

    /** A run of a program that wrote no cleanup log. */
    static Builder runWithoutLog() {
        return new Builder(null);
    }

    /** {@code logLines} with {@code v}, {@code seq} and {@code t_ns} added to each record. */
    static String withEnvelope(String logLines) {
        StringBuilder out = new StringBuilder();
        int seq = 0;
        for (String line : logLines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher comment = SEQ_COMMENT.matcher(line);
            if (comment.find()) {
                int claimed = Integer.parseInt(comment.group(1));
                if (claimed != seq) {
                    throw new IllegalArgumentException(
                            "the comment says #" + claimed + ", but the record is #" + seq + ": " + line);
                }
                line = line.substring(0, comment.start());
            }
            String json = line.strip();
            if (!json.startsWith("{")) {
                throw new IllegalArgumentException("not a JSON object: " + line);
            }
            out.append("{\"v\":1,\"seq\":")
                    .append(seq)
                    .append(",\"t_ns\":")
                    .append(seq * STEP_NANOS)
                    .append(',')
                    .append(json.substring(1))
                    .append('\n');
            seq++;
        }
        return out.toString();
    }

    static final class Builder {
        private final String logText;
        private List<String> command = List.of("java", "-cp", "app.jar", "com.example.BatchApp", "--tasks", "4");
        private long pid = 4242;
        private int exitCode = 130;
        private Signal signal = Signal.INT;
        private int signalsSent = 1;
        private String moment = "QUEUE_WAITING";
        private String stdout = "";
        private String stderr = "";
        private Duration signalToExit = Duration.ofMillis(180);
        private Path directory = Path.of("target", "signaltest", "BatchAppTest", "run-1");
        private int stdoutLinesBeforeSignal;
        private List<String> warnings = List.of();
        private List<String> leftBehind = List.of();

        private Builder(String logText) {
            this.logText = logText;
        }

        Builder exitCode(int code) {
            exitCode = code;
            return this;
        }

        Builder signal(Signal s) {
            signal = s;
            return this;
        }

        Builder signalsSent(int n) {
            signalsSent = n;
            return this;
        }

        Builder moment(String m) {
            moment = m;
            return this;
        }

        Builder stdout(String text) {
            stdout = text;
            return this;
        }

        Builder stderr(String text) {
            stderr = text;
            return this;
        }

        Builder signalToExit(Duration d) {
            signalToExit = d;
            return this;
        }

        /** The run's directory (its temporary directory is {@code tmp} in it). */
        Builder directory(Path d) {
            directory = d;
            return this;
        }

        /** How many lines of stdout reached the harness before the signal; the rest came after it. */
        Builder stdoutLinesBeforeSignal(int n) {
            stdoutLinesBeforeSignal = n;
            return this;
        }

        Builder warnings(String... w) {
            warnings = List.of(w);
            return this;
        }

        /** The processes the child left running when it exited, each as {@code "pid N: command"}. */
        Builder leftBehind(String... processes) {
            leftBehind = List.of(processes);
            return this;
        }

        Builder command(String... parts) {
            command = List.of(parts);
            return this;
        }

        SignalRun build() {
            CleanupLog log = logText == null
                    ? CleanupLog.read(directory.resolve("no-such-cleanup-log.jsonl"))
                    : CleanupLog.parse(logText);
            return new RecordedRun(
                    command,
                    pid,
                    exitCode,
                    signal,
                    signalsSent,
                    moment,
                    log,
                    CapturedOutput.of(stdout),
                    CapturedOutput.of(stderr),
                    Duration.ofMillis(90),
                    Optional.of(Duration.ofMillis(2)),
                    signalToExit,
                    directory,
                    leftBehind,
                    stdoutLinesBeforeSignal,
                    0,
                    warnings);
        }
    }
}
