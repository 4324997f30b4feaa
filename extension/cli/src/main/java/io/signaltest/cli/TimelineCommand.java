package io.signaltest.cli;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.report.LogViews;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code timeline}: shows any cleanup log as a readable timeline, or as the report's picture. */
@Command(
        name = "timeline",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = "Shows a cleanup log (docs/log-format.md) as a readable timeline, one record a line, "
                + "or with --html as a picture of the run: a lane per slot, a bar per task, the moment, "
                + "the signals and the exit.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar signaltest-cli.jar timeline signaltest-report/.../cleanup.jsonl",
            "  java -jar signaltest-cli.jar timeline cleanup.jsonl --all",
            "  java -jar signaltest-cli.jar timeline cleanup.jsonl --html -o run.html",
            "",
            "Exit codes: 0 shown, 1 the log has lines that are not records (listed on stderr),",
            "            2 the command line is wrong or the file cannot be read."
        })
final class TimelineCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "LOG.jsonl", description = "The cleanup log.")
    private Path log;

    @Option(names = "--html", description = "Write a self-contained HTML page with the picture of the run.")
    private boolean html;

    @Option(
            names = "--all",
            description = "Show every record; without it, a log of more than 60 records shows "
                    + "its landmarks (start, moments, signals, cancellation, exit) and the first and last records.")
    private boolean all;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE instead of standard output.")
    private Path output;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(log)) {
            throw new UsageException(
                    "there is no cleanup log at " + log.toAbsolutePath().normalize()
                            + ": give the path of a cleanup.jsonl file (each scenario's directory in the "
                            + "report has one).");
        }
        CleanupLog parsed;
        try {
            parsed = CleanupLog.read(log);
        } catch (RuntimeException e) {
            throw new UsageException(e.getMessage());
        }
        String text = html
                ? LogViews.picturePage("signaltest: " + log.getFileName(), parsed)
                : all ? LogViews.everyRecord(parsed) : LogViews.timeline(parsed);
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot write " + output.toAbsolutePath() + " (" + e.getMessage()
                        + "): choose a writable place with --output.");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        parsed.notes().forEach(note -> err.println("signaltest: note: " + note));
        parsed.errors().forEach(error -> err.println("signaltest: " + error));
        err.flush();
        return parsed.errors().isEmpty() ? ExitCodes.PASSED : ExitCodes.FAILED;
    }
}
