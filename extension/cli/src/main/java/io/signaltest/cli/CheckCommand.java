package io.signaltest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.StandardScenarios;
import io.signaltest.junit.internal.report.HtmlReport;
import io.signaltest.junit.internal.run.Invocation;
import io.signaltest.junit.internal.run.Scenario;
import io.signaltest.junit.internal.run.Selection;
import io.signaltest.runtime.Moment;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
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

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** {@code check}: runs the standard scenario matrix against one program and reports the verdicts. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Runs the standard scenario matrix (real SIGINT/SIGTERM at exact moments, see docs/scenarios.md) against "
                    + "a program, prints a line per scenario and the verdict table, and writes an HTML report, "
                    + "JUnit XML and each scenario's files.",
            "The program must accept the workload options --tasks N --max-concurrent M --task-millis T "
                    + "--cleanup-millis C --work-dir DIR (the matrix appends them) and write the cleanup log "
                    + "(docs/log-format.md) where SIGNALTEST_LOG says; the signaltest runtime does both."},
        synopsisHeading = "",
        customSynopsis = {
            "Usage: signaltest check --jar APP.jar [OPTIONS]",
            "       signaltest check --main CLASS --classpath CP [OPTIONS]",
            "       signaltest check [OPTIONS] -- COMMAND [ARGS...]"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar signaltest-cli.jar check --jar target/app.jar",
            "  java -jar signaltest-cli.jar check --main com.example.BatchApp --classpath 'target/classes:lib/*'",
            "  java -jar signaltest-cli.jar check -- python3 -u batch.py --verbose",
            "  java -jar signaltest-cli.jar check --jar app.jar --moment QUEUE_WAITING --signal TERM",
            "  java -jar signaltest-cli.jar check --jar app.jar --jvm-options '-Xmx256m' --exit-timeout 30s",
            "",
            "Exit codes: 0 every scenario passed, 1 a scenario failed, 2 the command line is wrong,",
            "            3 the program could not be started at all.",
            "The report: DIR/index.html (the verdict table and a picture of each run), DIR/verdicts.txt,",
            "JUnit XML in DIR/junit/, and each scenario's files (cleanup.jsonl, timeline.txt, report.txt,",
            "stdout.txt, stderr.txt) below DIR."})
final class CheckCommand implements Callable<Integer> {

    /** Configuration parameter of the agent (signaltest-agent): run a JVM program under it. */
    static final String AGENT_PROPERTY = "signaltest.program.agent";

    /** The scenarios that run at once unless --parallel says otherwise: the main build job's figure. */
    static final int DEFAULT_PARALLEL = 4;

    @Spec
    private CommandSpec spec;

    @Option(names = "--jar", paramLabel = "APP.jar", order = 1,
            description = "The program is this runnable jar, run with 'java -jar'.")
    private Path jar;

    @Option(names = "--main", paramLabel = "CLASS", order = 2,
            description = "The program is this main class, run with 'java -cp CP CLASS'.")
    private String mainClass;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "CP", order = 3,
            description = "The classpath of --main, entries separated by '${sys:path.separator}'.")
    private String classpath;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "After '--': the program is this command "
            + "(any language), never run through a shell; the matrix appends its workload options.")
    private List<String> command = new ArrayList<>();

    @Option(names = "--moment", paramLabel = "MOMENT", split = ",", order = 4,
            description = "Run only the scenarios at these moments: ${COMPLETION-CANDIDATES}. Default: all.")
    private List<Moment> moments = new ArrayList<>();

    @Option(names = "--signal", paramLabel = "SIGNAL", split = ",", order = 5,
            description = "Run only the scenarios that deliver these signals: INT, TERM, HUP. Default: all.")
    private List<String> signals = new ArrayList<>();

    @Option(names = "--jvm-options", paramLabel = "'OPTIONS'", order = 6,
            description = "Options for the program's JVM with --jar or --main, separated by spaces, "
                    + "for example '-Xmx256m -XX:+UseSerialGC'.")
    private String jvmOptions;

    @Option(names = "--agent", order = 7, description = "Run a JVM program under the signaltest agent, which writes "
            + "the cleanup log and holds the moments for programs that do not use the signaltest runtime "
            + "(configuration parameter signaltest.program.agent; needs a build that includes signaltest-agent).")
    private boolean agent;

    @Option(names = "--moment-timeout", paramLabel = "DURATION", order = 8, converter = Durations.class,
            description = "How long the program may take to reach a moment, such as 30s or 500ms. Default: 60s.")
    private Long momentTimeoutMillis;

    @Option(names = "--exit-timeout", paramLabel = "DURATION", order = 9, converter = Durations.class,
            description = "How long the program may take to exit after the signal. Default: 60s.")
    private Long exitTimeoutMillis;

    @Option(names = "--parallel", paramLabel = "N", order = 10, defaultValue = "" + DEFAULT_PARALLEL,
            description = "How many scenarios run at once. Default: ${DEFAULT-VALUE}.")
    private int parallel;

    @Option(names = "--report-dir", paramLabel = "DIR", order = 11, defaultValue = "signaltest-report",
            description = "Where the report goes: DIR/index.html, JUnit XML under DIR/junit/, each scenario's files "
                    + "below DIR. Default: ${DEFAULT-VALUE}.")
    private Path reportDirectory;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> parameters = parameters();
        List<String> scenarios = scenarioNames(parameters);
        Path report = reportDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(report.resolve("junit"));
        } catch (IOException e) {
            throw new UsageException("cannot create the report directory " + report + " (" + e.getMessage()
                    + "): choose a writable place with --report-dir.");
        }
        out.printf(Locale.ROOT, "signaltest: checking %s with %d scenario%s of the standard matrix, %d at a time%n",
                programDescription(), scenarios.size(), scenarios.size() == 1 ? "" : "s", parallel);
        out.flush();

        LiveLines live = new LiveLines(out, scenarios.size());
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .addTestExecutionListeners(live,
                        new LegacyXmlReportGeneratingListener(report.resolve("junit"), out))
                .build());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(StandardScenarios.class))
                .configurationParameters(parameters)
                .build();
        launcher.execute(request);
        out.flush();

        Path html = report.resolve(HtmlReport.FILE_NAME);
        out.println("signaltest: report " + html);
        out.println("signaltest: JUnit XML under " + report.resolve("junit"));
        if (live.started() > 0 && live.started() == live.couldNotStart()) {
            throw new CannotStartException("the program could not be started in any scenario: "
                    + live.firstStartFailure() + ". Check the command, the jar or the classpath.");
        }
        if (live.started() == 0) {
            throw new CannotStartException("no scenario ran; see the messages above.");
        }
        return live.failed() == 0 ? ExitCodes.PASSED : ExitCodes.FAILED;
    }

    /** The configuration parameters that name the program and shape the run. */
    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(SignalTest.OUTPUT_DIRECTORY_PROPERTY, reportDirectory.toAbsolutePath().normalize().toString());
        program(p);
        if (!moments.isEmpty()) {
            p.put(SignalTest.SELECTED_MOMENTS_PROPERTY, String.join(",", moments.stream().map(Moment::name).toList()));
        }
        if (!signals.isEmpty()) {
            p.put(SignalTest.SELECTED_SIGNALS_PROPERTY, String.join(",", signals));
        }
        if (agent) {
            p.put(AGENT_PROPERTY, "true");
        }
        if (momentTimeoutMillis != null) {
            p.put(SignalTest.MOMENT_TIMEOUT_PROPERTY, Long.toString(momentTimeoutMillis));
        }
        if (exitTimeoutMillis != null) {
            p.put(SignalTest.EXIT_TIMEOUT_PROPERTY, Long.toString(exitTimeoutMillis));
        }
        if (parallel < 1) {
            throw new UsageException("--parallel must be 1 or more, but it is " + parallel + ".");
        }
        p.put("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel > 1));
        p.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        p.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
        p.put("junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(parallel));
        return p;
    }

    private void program(Map<String, String> p) {
        int named = (jar != null ? 1 : 0) + (mainClass != null ? 1 : 0) + (command.isEmpty() ? 0 : 1);
        if (named == 0) {
            throw new UsageException("name the program to check: --jar APP.jar, --main CLASS --classpath CP, "
                    + "or a command after '--'.");
        }
        if (named > 1) {
            throw new UsageException("name the program once: use only one of --jar, --main, or a command after '--'.");
        }
        if (classpath != null && mainClass == null) {
            throw new UsageException("--classpath goes with --main: name the main class too, or drop --classpath.");
        }
        List<String> jvm = jvmOptions == null || jvmOptions.isBlank() ? List.of()
                : List.of(jvmOptions.trim().split("\\s+"));
        if (!command.isEmpty() && !jvm.isEmpty()) {
            throw new UsageException("--jvm-options goes with --jar or --main: for a command, write the JVM's options "
                    + "into the command itself.");
        }
        if (jar != null) {
            Path file = ProgramCheck.jar(jar);
            p.put(SignalTest.PROGRAM_JAR_PROPERTY, file.toString());
            if (!jvm.isEmpty()) {
                p.put(SignalTest.PROGRAM_JVM_ARGS_PROPERTY, String.join(" ", jvm));
            }
        } else if (mainClass != null) {
            if (classpath == null || classpath.isBlank()) {
                throw new UsageException("--main needs --classpath: the directories and jars that hold " + mainClass
                        + " and its libraries.");
            }
            ProgramCheck.mainClass(mainClass, classpath);
            List<String> words = new ArrayList<>();
            words.add("{java}");
            words.addAll(jvm);
            words.addAll(List.of("-cp", classpath, mainClass));
            p.put(SignalTest.PROGRAM_COMMAND_PROPERTY, json(words));
        } else {
            ProgramCheck.command(command.get(0));
            p.put(SignalTest.PROGRAM_COMMAND_PROPERTY, json(command));
        }
    }

    private String programDescription() {
        if (jar != null) {
            return "java -jar " + jar;
        }
        if (mainClass != null) {
            return mainClass;
        }
        return String.join(" ", command);
    }

    /** The scenarios that will run, in the matrix's order; a selection that leaves none is a usage error. */
    private static List<String> scenarioNames(Map<String, String> parameters) {
        Selection selection;
        try {
            selection = Selection.of(name -> Optional.ofNullable(parameters.get(name)));
        } catch (ExtensionConfigurationException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> all = new ArrayList<>();
        List<String> selected = new ArrayList<>();
        List<Method> methods = Arrays.stream(StandardScenarios.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(SignalTest.class))
                .sorted(java.util.Comparator.comparingInt(m -> m.getAnnotation(org.junit.jupiter.api.Order.class) == null
                        ? Integer.MAX_VALUE : m.getAnnotation(org.junit.jupiter.api.Order.class).value()))
                .toList();
        for (Method method : methods) {
            Scenario scenario;
            try {
                scenario = Scenario.of(method.getAnnotation(SignalTest.class),
                        name -> Optional.ofNullable(parameters.get(name)), Path.of("").toAbsolutePath());
            } catch (ExtensionConfigurationException e) {
                throw new UsageException(e.getMessage());
            }
            for (Invocation invocation : scenario.invocations()) {
                String name = method.getName() + " [" + invocation.displayName() + "]";
                all.add(name);
                if (selection.selects(invocation)) {
                    selected.add(name);
                }
            }
        }
        if (selected.isEmpty()) {
            throw new UsageException("no scenario of the standard matrix is at the selected " + selection.describe()
                    + "; the matrix has: " + String.join("; ", all) + ".");
        }
        return selected;
    }

    private static String json(List<String> words) {
        try {
            return new ObjectMapper().writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }
}
