package io.signaltest.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.signaltest.runtime.Moment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check}: runs a scenario matrix against one program and reports the verdicts. A program that writes the cleanup
 * log (the signaltest runtime, the agent, or its own writer) gets the standard matrix; one that only prints gets the
 * output matrix, named by {@code --at-output}.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Runs a scenario matrix (real SIGINT/SIGTERM/SIGHUP at exact moments, see docs/scenarios.md) against a "
                    + "program, prints a line per scenario and the verdict table, and writes an HTML report, JUnit XML "
                    + "and each scenario's files.",
            "A program that writes the cleanup log (docs/log-format.md) where SIGNALTEST_LOG says gets the standard "
                    + "matrix: the signaltest runtime does both, and --agent does it for a JVM program on "
                    + "java.util.concurrent executors. The matrix appends the workload options --tasks N "
                    + "--max-concurrent M --task-millis T --cleanup-millis C --work-dir DIR (see --workload-args).",
            "A program that only prints, in any language, gets the output matrix: name the line after which the "
                    + "signal goes with --at-output, and what to check with --task-start/--task-cleanup, "
                    + "--printed-after-signal and --exit-code.",
            "An HTTP service, in any language, gets the service matrix with --service: SIGTERM when idle, with "
                    + "requests in its handlers, during a stream of requests and during its drain; it must finish "
                    + "what it has, answer new requests cleanly, turn not ready, and exit within its grace period.",
            "A DURATION is a number with ms, s or m (500ms, 30s, 2m); a number alone is seconds."
        },
        synopsisHeading = "",
        customSynopsis = {
            "Usage: signaltest check --jar APP.jar [OPTIONS]",
            "       signaltest check --main CLASS --classpath CP [OPTIONS]",
            "       signaltest check [OPTIONS] -- COMMAND [ARGS...]"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar signaltest-cli.jar check --jar target/app.jar",
            "  java -jar signaltest-cli.jar check --main com.example.BatchApp --classpath 'target/classes:lib/*'",
            "  java -jar signaltest-cli.jar check --agent --jar target/plain-app.jar",
            "  java -jar signaltest-cli.jar check --jar app.jar --moment queue_waiting --signal TERM",
            "  java -jar signaltest-cli.jar check --jar app.jar --workload-args '-n {tasks} -j {max-concurrent}'",
            "  java -jar signaltest-cli.jar check --service --ready-url /ready --request 'GET /slow' --in-flight 2 \\",
            "      --in-handler-output 'handling (?<id>\\S+)' -- python3 server.py --port {port}",
            "  java -jar signaltest-cli.jar check --at-output 'Task \\d+ started' --at-output-count 2 \\",
            "      --task-start 'Task (\\d+) started' --task-cleanup 'Task (\\d+) cleaned up' -- python3 -u batch.py",
            "",
            "Exit codes: 0 every scenario passed, 1 a scenario failed, 2 the command line is wrong,",
            "            3 the check could not run (the program could not be started, or what it needs is missing).",
            "The report: DIR/index.html (the verdict table and a picture of each run), DIR/verdicts.txt,",
            "JUnit XML in DIR/junit/, and each scenario's files (cleanup.jsonl, timeline.txt, report.txt,",
            "stdout.txt, stderr.txt) below DIR. Nothing is written outside DIR."
        })
final class CheckCommand implements Callable<Integer> {

    /** The scenarios that run at once unless --parallel says otherwise: the main build job's figure. */
    static final int DEFAULT_PARALLEL = 4;

    @Spec
    private CommandSpec spec;

    // ------------------------------------------------------------------ the program

    @Option(
            names = "--jar",
            paramLabel = "APP.jar",
            order = 1,
            description = "The program is this runnable jar, run with 'java -jar'.")
    Path jar;

    @Option(
            names = "--main",
            paramLabel = "CLASS",
            order = 2,
            description = "The program is this main class, run with 'java -cp CP CLASS'.")
    String mainClass;

    @Option(
            names = {"--classpath", "-cp"},
            paramLabel = "CP",
            order = 3,
            description = "The classpath of --main, entries separated by '${sys:path.separator}'.")
    String classpath;

    @Parameters(
            paramLabel = "COMMAND",
            arity = "0..*",
            description = "After '--': the program is this command " + "(any language), never run through a shell.")
    List<String> command = new ArrayList<>();

    @Option(
            names = "--args",
            paramLabel = "'ARGS'",
            order = 4,
            description = "The program's own arguments with --jar or --main, separated by spaces (a command "
                    + "carries its own).")
    String programArgs;

    @Option(
            names = "--jvm-options",
            paramLabel = "'OPTIONS'",
            order = 5,
            description = "Options for the program's JVM with --jar or --main, separated by spaces, "
                    + "for example '-Xmx256m -XX:+UseSerialGC'.")
    String jvmOptions;

    @Option(
            names = "--agent",
            order = 6,
            description = "Run a JVM program (--jar or --main) under the signaltest "
                    + "agent, which writes the cleanup log and holds the moments for a program on java.util.concurrent "
                    + "executors that does not use the signaltest runtime. The agent comes with this jar.")
    boolean agent;

    // ------------------------------------------------------------------ the standard matrix

    @Option(
            names = "--moment",
            paramLabel = "MOMENT",
            split = ",",
            order = 10,
            description = "Run only the scenarios of the standard matrix at these moments: ${COMPLETION-CANDIDATES} "
                    + "(any case). Default: all.")
    List<Moment> moments = new ArrayList<>();

    @Option(
            names = "--signal",
            paramLabel = "SIGNAL",
            split = ",",
            order = 11,
            description = "Run only the scenarios that deliver these signals: INT, TERM, HUP. Default: all.")
    List<String> signals = new ArrayList<>();

    @Option(
            names = "--workload-args",
            paramLabel = "HOW",
            order = 12,
            description = "How the standard matrix's workload options reach the program: 'standard' (the default), "
                    + "'none' (the program runs its own workload), or a template of its own options in which "
                    + "{tasks}, {max-concurrent}, {task-millis}, {cleanup-millis} and {work-dir} stand for the values.")
    String workloadArgs;

    // ------------------------------------------------------------------ the output matrix

    @Option(
            names = "--at-output",
            paramLabel = "REGEX",
            order = 20,
            description = "Check a program that only prints: the signal goes out right after a line of stdout or "
                    + "stderr in which REGEX finds a match. Selects the output matrix.")
    String atOutput;

    @Option(
            names = "--at-output-count",
            paramLabel = "N",
            split = ",",
            order = 21,
            description = "With --at-output: after the Nth matching line; several counts (1,2) make a scenario each. "
                    + "Default: 1.")
    List<Integer> atOutputCounts = new ArrayList<>();

    @Option(
            names = "--task-start",
            paramLabel = "REGEX",
            order = 22,
            description = "With --at-output (or --service, for its background work): the line a task prints when "
                    + "it starts. With --task-cleanup, every such line must be followed by its task's cleanup line; a "
                    + "first group in both (the task's id) pairs them by task.")
    String taskStart;

    @Option(
            names = "--task-cleanup",
            paramLabel = "REGEX",
            order = 23,
            description = "With --at-output: the line a task prints when its cleanup is done.")
    String taskCleanup;

    @Option(
            names = "--printed-after-signal",
            paramLabel = "COUNT:REGEX",
            order = 24,
            description = "With --at-output: exactly COUNT lines after the signal match REGEX; repeatable. "
                    + "'0:Task \\d+ started' says that no task started after the signal.")
    List<String> printedAfterSignal = new ArrayList<>();

    @Option(
            names = "--exit-code",
            paramLabel = "CODE",
            split = ",",
            order = 25,
            description = "With --at-output or --service: the exit codes that pass. Default: 128 + the signal "
                    + "(130 for SIGINT); for a service, also 0.")
    List<Integer> exitCodes = new ArrayList<>();

    // ------------------------------------------------------------------ the service matrix

    @Option(
            names = "--service",
            order = 26,
            description = "Check an HTTP service, in any language: the harness starts it on a free port "
                    + "({port} in --args or the command stands for it), waits until it is ready, sends it requests, "
                    + "delivers SIGTERM at each moment and checks its drain. Selects the service matrix.")
    boolean service;

    @Option(
            names = "--ready-url",
            paramLabel = "URL",
            order = 27,
            description = "With --service: the readiness URL, a path ('/health/ready') or a whole URL with {port}; "
                    + "ready is 2xx, and it should not be while the service drains.")
    String readyUrl;

    @Option(
            names = "--ready-output",
            paramLabel = "REGEX",
            order = 27,
            description = "With --service: the service is ready once it prints a line in which REGEX finds a match.")
    String readyOutput;

    @Option(
            names = "--request",
            paramLabel = "'METHOD PATH [STATUS]'",
            order = 28,
            description = "With --service: the request held in flight, such as 'GET /report?slow=2s' or "
                    + "'POST /jobs 202'. Default: GET /.")
    String request;

    @Option(
            names = "--in-flight",
            paramLabel = "N",
            order = 28,
            description = "With --service: how many such requests are held in the service's handlers. Default: 1.")
    Integer inFlight;

    @Option(
            names = "--new-request",
            paramLabel = "'METHOD PATH'",
            order = 28,
            description = "With --service: the quick request sent after the signal and in the stream. Default: "
                    + "--request.")
    String newRequest;

    @Option(
            names = "--in-handler-output",
            paramLabel = "REGEX",
            order = 29,
            description = "With --service: the line the service prints when a handler has a request; a group "
                    + "(?<id>...) that captures its X-Request-Id header ties the line to the request. Needed for "
                    + "the moments IN_FLIGHT and DURING_DRAIN (or --agent, for a JVM service on the JDK's "
                    + "HttpServer, Tomcat or Jetty).")
    String inHandlerOutput;

    @Option(
            names = "--last-output",
            paramLabel = "REGEX",
            order = 29,
            description = "With --service: the last line the service prints on its way out; it must come.")
    String lastOutput;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            order = 29,
            converter = Durations.class,
            description = "With --service: the grace period from SIGTERM to SIGKILL. Default: 30s, Kubernetes'.")
    Long graceMillis;

    @Option(
            names = "--new-requests",
            paramLabel = "refused|served:DURATION",
            order = 29,
            description = "With --service: what the service does with a request after the signal: 'refused' (the "
                    + "default: it may refuse at once) or 'served:5s' (it goes on serving for that long).")
    String newRequests;

    @Option(
            names = "--service-moment",
            paramLabel = "MOMENT",
            split = ",",
            order = 29,
            description = "With --service: run only the scenarios at these moments: IDLE, IN_FLIGHT, STEADY_STREAM, "
                    + "DURING_DRAIN (any case). Default: every moment the service can be tested at.")
    List<String> serviceMoments = new ArrayList<>();

    // ------------------------------------------------------------------ deadlines and checks

    @Option(
            names = "--moment-timeout",
            paramLabel = "DURATION",
            order = 30,
            converter = Durations.class,
            description = "How long the program may take to reach a moment. Default: 60s.")
    Long momentTimeoutMillis;

    @Option(
            names = "--log-timeout",
            paramLabel = "DURATION",
            order = 31,
            converter = Durations.class,
            description = "How long a program of the standard matrix may run before its cleanup log begins (and, "
                    + "under --agent, before it shows an executor); one that writes none is told so then. "
                    + "Default: 15s.")
    Long logTimeoutMillis;

    @Option(
            names = "--exit-timeout",
            paramLabel = "DURATION",
            order = 31,
            converter = Durations.class,
            description = "How long the harness waits for the program to exit after the signal before it kills it. "
                    + "Default: 60s.")
    Long exitTimeoutMillis;

    @Option(
            names = "--shutdown-deadline",
            paramLabel = "DURATION",
            order = 32,
            converter = Durations.class,
            description = "The longest a program may take from the signal to its exit and still pass (your "
                    + "orchestrator's grace period). Default: 10s, docker stop's.")
    Long shutdownDeadlineMillis;

    @Option(
            names = "--stack-traces",
            paramLabel = "warn|fail",
            order = 33,
            description = "What a stack trace on stderr does to a scenario. Default: warn.")
    String stackTraces;

    // ------------------------------------------------------------------ the run

    @Option(
            names = "--parallel",
            paramLabel = "N",
            order = 40,
            defaultValue = "" + DEFAULT_PARALLEL,
            description = "How many scenarios run at once. Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Option(
            names = "--report-dir",
            paramLabel = "DIR",
            order = 41,
            defaultValue = "signaltest-report",
            description = "Where the report goes, and everything else the check writes: DIR/index.html, JUnit XML "
                    + "under DIR/junit/, each scenario's files below DIR. Default: ${DEFAULT-VALUE}.")
    Path reportDirectory;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CheckPlan plan = CheckPlan.of(this);
        Path report = reportDirectory.toAbsolutePath().normalize();
        try {
            createPrivately(report);
            Files.createDirectories(report.resolve("junit"));
        } catch (IOException e) {
            throw new UsageException("cannot create the report directory " + report + " (" + e.getMessage()
                    + "): choose a writable place with --report-dir.");
        }
        int count = plan.scenarios().size();
        out.printf(
                Locale.ROOT,
                "signaltest: checking %s with %d scenario%s of the %s matrix, %d at a time%n",
                programDescription(),
                count,
                count == 1 ? "" : "s",
                plan.matrix().displayName(),
                parallel);
        out.flush();

        LiveLines live = new LiveLines(out, count);
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .addTestExecutionListeners(live, new LegacyXmlReportGeneratingListener(report.resolve("junit"), out))
                .build());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(plan.matrix().scenarios()))
                .configurationParameters(plan.parameters())
                .build();
        launcher.execute(request);
        out.flush();

        out.println("signaltest: JUnit XML under " + report.resolve("junit"));
        return live.exitCode();
    }

    /**
     * Creates {@code directory} readable by its owner only, when it is not there yet: it will hold programs' output.
     */
    private static void createPrivately(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(directory);
        }
    }

    /** The configuration parameters that name the program and shape the run; a usage error if they cannot. */
    Map<String, String> parameters() {
        return CheckPlan.of(this).parameters();
    }

    String programDescription() {
        if (jar != null) {
            return "java -jar " + jar;
        }
        if (mainClass != null) {
            return mainClass;
        }
        return String.join(" ", command);
    }
}
