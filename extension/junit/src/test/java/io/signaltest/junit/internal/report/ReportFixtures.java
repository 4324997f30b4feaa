package io.signaltest.junit.internal.report;

import io.signaltest.junit.CleanupLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Known cleanup logs of real runs, kept as test resources, and a report made of them:
 * {@code repeated-signals.jsonl} (the sample app, QUEUE_WAITING, 3 x SIGINT: 2 slots, 2 tasks
 * started, 3 signals), {@code three-slots.jsonl} (the sample app, 5 tasks in 3 slots, one SIGINT
 * at QUEUE_WAITING) and {@code cut-short.jsonl} (a program whose second Ctrl+C kills it during a
 * cleanup: 2 slots, 2 tasks started, 2 signals, a cleanup that never finished).
 */
final class ReportFixtures {

    /** The fixtures, in report order, with what their pictures must show. */
    record Known(String log, String name, int lanes, int bars, int signals) {
    }

    static final List<Known> KNOWN = List.of(
            new Known("repeated-signals.jsonl", "StandardScenarios.repeatedSignals [QUEUE_WAITING, SIGINT x3]", 2, 2, 3),
            new Known("three-slots.jsonl", "BatchAppSignalIT.fiveTasksInThreeSlots [QUEUE_WAITING, SIGINT]", 3, 3, 1),
            new Known("cut-short.jsonl", "StandardScenarios.secondSignalDuringCleanup [DURING_CLEANUP, SIGINT]", 2, 2, 2));

    private ReportFixtures() {
    }

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

    /** Writes a run directory per fixture under {@code directory}, and the report of them; returns index.html. */
    static Path writeReport(Path directory) throws IOException {
        List<ScenarioResult> results = new java.util.ArrayList<>();
        for (Known known : KNOWN) {
            Path run = directory.resolve("runs").resolve(known.log().replace(".jsonl", ""));
            Files.createDirectories(run);
            Files.writeString(run.resolve("cleanup.jsonl"), text(known.log()));
            Files.writeString(run.resolve("stdout.txt"), "");
            boolean cutShort = known.log().equals("cut-short.jsonl");
            results.add(new ScenarioResult(known.name(), cutShort ? "FAIL" : "pass", "130",
                    cutShort ? "0" : Integer.toString(known.bars()), cutShort ? "0" : known.log().equals("three-slots.jsonl")
                            ? "2" : "4", cutShort ? "16 ms" : "31 ms",
                    cutShort ? List.of("cleanup of task 2 was cut short by the second SIGINT (cleanup started at #8, "
                            + "the SIGINT arrived at #10, and the process exited before cleanup_finished)",
                            "task 1 started but its cleanup never ran") : List.of(),
                    Optional.of(run)));
        }
        return HtmlReport.write(directory, results);
    }
}
