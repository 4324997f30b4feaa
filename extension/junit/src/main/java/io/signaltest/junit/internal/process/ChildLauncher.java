package io.signaltest.junit.internal.process;

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
        try {
            return startOrFail(request);
        } catch (IOException | RuntimeException e) {
            request.onExit().run(); // no child to wait for: what waits for its exit must not wait for ever
            throw e;
        }
    }

    private static ChildProcess startOrFail(Request request) throws IOException {
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
