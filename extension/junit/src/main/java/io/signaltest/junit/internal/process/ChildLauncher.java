package io.signaltest.junit.internal.process;

import io.signaltest.junit.internal.run.Program;
import io.signaltest.junit.internal.run.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.StartedProcess;
import org.zeroturnaround.exec.stream.PumpStreamHandler;

/**
 * Starts the program under test through zt-exec: with this JVM's {@code java} and classpath, with default signal
 * dispositions, as the leader of a new process group watched by a {@link Supervisor} (so that it dies with this JVM),
 * with its standard input kept open and its output captured line by line. No shell interprets the program's command
 * line.
 */
public final class ChildLauncher {

    /** In an element of {@code command}: this JVM's {@code java} executable. */
    public static final String JAVA_PLACEHOLDER = "{java}";
    /** In an element of {@code command}: this JVM's classpath ({@code java.class.path}). */
    public static final String CLASSPATH_PLACEHOLDER = "{classpath}";
    /**
     * In an element of {@code command} or {@code args}, or in an {@code env} value: this invocation's run directory.
     */
    public static final String RUN_DIRECTORY_PLACEHOLDER = "{runDir}";

    static {
        QuietSlf4j.apply(); // before zt-exec's first class makes SLF4J initialise
    }

    private ChildLauncher() {}

    /** What to start, and where its output goes. */
    public record Request(
            List<String> program,
            Map<String, String> environment,
            Optional<Path> workingDirectory,
            boolean newProcessGroup,
            Path stdoutFile,
            Path stderrFile,
            Progress progress,
            Runnable onExit) {
        public Request(
                List<String> program,
                Map<String, String> environment,
                Optional<Path> workingDirectory,
                boolean newProcessGroup,
                Path stdoutFile,
                Path stderrFile,
                Progress progress) {
            this(program, environment, workingDirectory, newProcessGroup, stdoutFile, stderrFile, progress, () -> {});
        }

        public Request {
            program = List.copyOf(program);
            environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }
    }

    /**
     * The command line of the scenario's program, before the launch wrappers, with its files under {@code outputBase}.
     */
    public static List<String> programCommand(Scenario scenario, Path outputBase) {
        return programCommand(scenario, ClassDataSharing.Launch.plain(classpath(scenario.program())), outputBase);
    }

    /**
     * The command line of the scenario's program, before the launch wrappers; a main class runs with the classpath and
     * the options of {@code sharing}. Files the launch needs (the agent's jar, when a runnable jar carries it) are
     * written under {@code outputBase}.
     */
    public static List<String> programCommand(Scenario scenario, ClassDataSharing.Launch sharing, Path outputBase) {
        List<String> command = new ArrayList<>();
        Program program = scenario.program();
        List<String> jvmOptions = new ArrayList<>();
        scenario.agent().ifPresent(agent -> jvmOptions.add(agent.javaagentOption(outputBase)));
        jvmOptions.addAll(scenario.jvmArgs());
        if (program instanceof Program.MainClass main) {
            command.add(Platform.javaExecutable().toString());
            command.addAll(sharing.jvmOptions());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(sharing.classpath());
            command.add(main.className());
        } else if (program instanceof Program.Jar jar) {
            command.add(Platform.javaExecutable().toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.path().toString());
        } else if (program instanceof Program.Command given) {
            for (String element : given.elements()) {
                command.add(element.replace(
                                JAVA_PLACEHOLDER, Platform.javaExecutable().toString())
                        .replace(CLASSPATH_PLACEHOLDER, classpath()));
            }
        }
        command.addAll(scenario.args());
        return command;
    }

    /** This JVM's classpath, which a child named by its main class runs on unless it names its own. */
    public static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** The classpath a main class runs on: its own, or this JVM's. */
    public static String classpath(Program program) {
        return program instanceof Program.MainClass main
                ? main.classpath().orElseGet(ChildLauncher::classpath)
                : classpath();
    }

    /**
     * The program as the child runs it: {@code env --default-signal=INT,TERM,HUP} where available (a CI shell may have
     * started this JVM with SIGINT ignored, and children inherit that), then the program. {@code env} replaces itself
     * with the program, so the child's pid is the program's.
     */
    public static List<String> launchCommand(List<String> program) {
        List<String> command = new ArrayList<>(Platform.defaultSignalsPrefix());
        command.addAll(program);
        return command;
    }

    public static ChildProcess start(Request request) throws IOException {
        List<String> command = launchCommand(request.program());
        // Supervised, the child leads its own process group whatever the delivery: so that its whole
        // tree can be killed, and so that it dies with this JVM (see Supervisor).
        boolean supervised = Supervisor.available();
        if (request.newProcessGroup() && !supervised) {
            throw new IllegalStateException("a new process group needs /bin/sh and setsid (util-linux)");
        }
        List<String> started = supervised ? Supervisor.wrap(command) : command;
        OutputCapture stdout = new OutputCapture(request.stdoutFile(), request.progress());
        OutputCapture stderr = new OutputCapture(request.stderrFile(), request.progress());
        KeepInputOpen streams = new KeepInputOpen(stdout, stderr);
        ProcessExecutor executor = new ProcessExecutor(started)
                .environment(request.environment())
                .redirectErrorStream(false) // zt-exec merges stderr into stdout by default
                .exitValueAny()
                .streams(streams)
                .destroyOnExit();
        request.workingDirectory().ifPresent(directory -> executor.directory(directory.toFile()));
        StartedProcess process;
        try {
            process = executor.start();
        } catch (IOException e) {
            stdout.finish();
            stderr.finish();
            throw e;
        }
        process.getProcess().onExit().thenRunAsync(request.onExit());
        return new ChildProcess(command, process, supervised, streams.stdin, stdout, stderr);
    }

    /** zt-exec's pumps for stdout and stderr; the child's stdin is kept, open, for the harness. */
    private static final class KeepInputOpen extends PumpStreamHandler {
        private OutputStream stdin;

        KeepInputOpen(OutputStream stdout, OutputStream stderr) {
            super(stdout, stderr, (InputStream) null);
        }

        @Override
        public void setProcessInputStream(OutputStream stdin) {
            this.stdin = stdin;
        }
    }
}
