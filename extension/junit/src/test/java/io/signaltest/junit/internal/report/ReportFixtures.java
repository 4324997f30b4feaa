package io.signaltest.junit.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.internal.files.RunFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Known cleanup logs of real runs, kept as test resources, and a report made of them: {@code repeated-signals.jsonl}
 * (the sample app, QUEUE_WAITING, 3 x SIGINT: 2 slots, 2 tasks started, 3 signals), {@code three-slots.jsonl} (the
 * sample app, 5 tasks in 3 slots, one SIGINT at QUEUE_WAITING) and {@code cut-short.jsonl} (a program whose second
 * Ctrl+C kills it during a cleanup: 2 slots, 2 tasks started, 2 signals, a cleanup that never finished); then a program
 * that only prints (no log: the picture comes from the harness's facts alone), and one that could not be started. Each
 * run gets the harness's facts as the harness writes them, on the log's clock.
 */
final class ReportFixtures {

    /** A fixture run, in report order, with what its picture must show; {@code log} null for a run without one. */
    record Known(String log, String name, int lanes, int bars, int signals, boolean started) {}

    static final List<Known> KNOWN = List.of(
            new Known(
                    "repeated-signals.jsonl",
                    "StandardScenarios.repeatedSignals [QUEUE_WAITING, SIGINT x3]",
                    2,
                    2,
                    3,
                    true),
            new Known(
                    "three-slots.jsonl",
                    "BatchAppSignalIT.fiveTasksInThreeSlots [QUEUE_WAITING, SIGINT]",
                    3,
                    3,
                    1,
                    true),
            new Known(
                    "cut-short.jsonl",
                    "StandardScenarios.secondSignalDuringCleanup [DURING_CLEANUP, SIGINT]",
                    2,
                    2,
                    2,
                    true),
            new Known(null, "OutputScenarios.signalAfterTheLine [output /started \\d+/ #2, SIGINT]", 0, 0, 1, true),
            new Known(null, "StandardScenarios.signalWithFreeSlots [BELOW_LIMIT, SIGINT]", 0, 0, 0, false));

    /** The runs that have a picture. */
    static List<Known> drawn() {
        return KNOWN.stream().filter(Known::started).toList();
    }

    static final String NOT_STARTED = "could not start the program under test: Cannot run program \"no-such-program\": "
            + "error=2, No such file or directory";

    private ReportFixtures() {}

    static String text(String log) {
        try (InputStream in = ReportFixtures.class.getResourceAsStream(log)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + log);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CleanupLog log(String log) {
        return CleanupLog.parse(text(log));
    }

    /**
     * The facts the harness would have written for a known log: started 40 ms before the log's origin, each signal sent
     * 1 ms before the log received it, the process gone 6 ms after the last record.
     */
    static RunFacts facts(String name) {
        CleanupLog log = log(name);
        LogRecord started = log.first("run_started").orElseThrow();
        long origin = started.number("clock_origin_ns").orElseThrow();
        List<Long> sent = new ArrayList<>();
        for (LogRecord signal : log.records("signal_received")) {
            sent.add(origin + signal.tNanos() - 1_000_000);
        }
        long moment = log.first("moment").map(m -> origin + m.tNanos()).orElse(-1L);
        long exit = origin + log.records().get(log.records().size() - 1).tNanos() + 6_000_000;
        return new RunFacts(
                4242,
                130,
                "SIGINT",
                log.first("moment").flatMap(m -> m.text("moment")).orElse("?"),
                origin - 40_000_000,
                moment,
                sent,
                exit,
                origin,
                null,
                null);
    }

    /** A program that only prints: its moment is its second "started" line, and it exits 52 ms after SIGINT. */
    static RunFacts printOnlyFacts() {
        long start = 5_000_000_000L;
        return new RunFacts(
                4343,
                130,
                "SIGINT",
                "output /started \\d+/ #2",
                start,
                start + 180_000_000,
                List.of(start + 181_000_000),
                start + 233_000_000,
                -1,
                "started 2",
                null);
    }

    /** Writes a run directory per fixture under {@code directory}, and the report of them; returns index.html. */
    static Path writeReport(Path directory) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<ScenarioResult> results = new ArrayList<>();
        for (int i = 0; i < KNOWN.size(); i++) {
            Known known = KNOWN.get(i);
            Path run = directory.resolve("runs").resolve("run-" + (i + 1));
            Files.createDirectories(run);
            RunFacts facts;
            if (known.log() != null) {
                Files.writeString(run.resolve("cleanup.jsonl"), text(known.log()));
                facts = facts(known.log());
            } else if (known.started()) {
                facts = printOnlyFacts();
                Files.writeString(run.resolve("stdout.txt"), "started 1\nstarted 2\ncleaned up 1\ncleaned up 2\n");
            } else {
                facts = new RunFacts(0, -1, "SIGINT", "BELOW_LIMIT", 1, -1, List.of(), -1, -1, null, NOT_STARTED);
            }
            Files.writeString(run.resolve(RunFacts.FILE), json.writeValueAsString(facts));
            Files.writeString(run.resolve("report.txt"), "the report of " + known.name() + "\n  command:   ...\n");
            boolean cutShort = "cut-short.jsonl".equals(known.log());
            boolean failed = cutShort || !known.started();
            List<String> findings = cutShort
                    ? List.of(
                            "cleanup of task 2 was cut short by the second SIGINT (cleanup started at #8, "
                                    + "the SIGINT arrived at #10, and the process exited before cleanup_finished)",
                            "task 1 started but its cleanup never ran")
                    : known.started() ? List.of() : List.of(NOT_STARTED);
            String counts = known.log() == null
                    ? "-"
                    : Long.toString(RunCounts.of(log(known.log())).cleaned());
            String never = known.log() == null
                    ? "-"
                    : Long.toString(RunCounts.of(log(known.log())).neverStarted());
            String toExit = facts.signalToExitMillis() < 0 ? "-" : Math.round(facts.signalToExitMillis()) + " ms";
            results.add(new ScenarioResult(
                    known.name(),
                    failed ? "FAIL" : "pass",
                    facts.exitCode() < 0 ? "-" : Integer.toString(facts.exitCode()),
                    counts,
                    never,
                    toExit,
                    findings,
                    Optional.of(run)));
        }
        return HtmlReport.write(directory, results);
    }
}
