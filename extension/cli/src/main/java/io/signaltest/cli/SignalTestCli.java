package io.signaltest.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The console runner: {@code java -jar signaltest-cli.jar check --jar app.jar} checks a program with the standard
 * scenario matrix, from any shell or CI, whatever builds it.
 *
 * <pre>{@code
 * java -jar signaltest-cli.jar check --jar build/libs/app.jar
 * java -jar signaltest-cli.jar check -- python3 -u app.py
 * java -jar signaltest-cli.jar timeline signaltest-report/.../cleanup.jsonl --html -o run.html
 * }</pre>
 *
 * Its exit codes are a contract that scripts depend on: see {@link ExitCodes}.
 *
 * @since 0.1
 */
@Command(
        name = "signaltest",
        mixinStandardHelpOptions = true,
        versionProvider = SignalTestCli.Version.class,
        subcommands = {CheckCommand.class, TimelineCommand.class, CommandLine.HelpCommand.class},
        description = "Checks that a program survives Ctrl+C: real signals at exact moments, a cleanup log, a verdict.",
        footer = {"", "Run 'signaltest check --help' for the options and examples of a check."})
public final class SignalTestCli implements Callable<Integer> {

    /** How the jar is run, for messages. */
    static final String INVOCATION = "java -jar signaltest-cli.jar";

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line {@code args} and returns the exit code (see {@link ExitCodes}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = configure(new CommandLine(new SignalTestCli()));
        line.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        line.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        line.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        line.setParameterExceptionHandler((e, ignored) -> {
            usage(e.getCommandLine(), e.getMessage());
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
                CommandLine.UnmatchedArgumentException.printSuggestions(
                        unmatched, e.getCommandLine().getErr());
            }
            return ExitCodes.USAGE;
        });
        line.setExecutionExceptionHandler((e, commandLine, ignored) -> {
            if (e instanceof UsageException) {
                usage(commandLine, e.getMessage());
                return ExitCodes.USAGE;
            }
            if (e instanceof CannotStartException) {
                commandLine.getErr().println("signaltest: " + e.getMessage());
                return ExitCodes.CANNOT_START;
            }
            throw e;
        });
        return line.execute(args);
    }

    /** The parsing rules of every command: moments and other names in any case. */
    static CommandLine configure(CommandLine line) {
        return line.setCaseInsensitiveEnumValuesAllowed(true);
    }

    private static void usage(CommandLine commandLine, String message) {
        PrintWriter err = commandLine.getErr();
        err.println("signaltest: " + message);
        err.println("Run '" + INVOCATION + " " + commandName(commandLine) + "--help' for the options and examples.");
    }

    private static String commandName(CommandLine commandLine) {
        return commandLine.getParent() == null ? "" : commandLine.getCommandName() + " ";
    }

    @Override
    public Integer call() {
        throw new UsageException("name a command: check (run the standard matrix against a program) "
                + "or timeline (show a cleanup log).");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SignalTestCli.class.getPackage().getImplementationVersion();
            return new String[] {"signaltest " + (version == null ? "(development build)" : version)};
        }
    }
}
