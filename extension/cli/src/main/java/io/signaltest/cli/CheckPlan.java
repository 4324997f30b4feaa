package io.signaltest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signaltest.junit.OutputScenarios;
import io.signaltest.junit.ScenarioPlan;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.StandardScenarios;
import io.signaltest.junit.service.ServiceMoment;
import io.signaltest.junit.service.ServiceScenarios;
import io.signaltest.junit.service.ServiceTest;
import io.signaltest.runtime.Moment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a {@code check} command line asks for, validated before anything runs: the configuration parameters of the
 * matrix (the program, the moments, the checks, the deadlines) and the names of the scenarios that will run. Every
 * mistake is a {@link UsageException} that says what to write instead; a program that cannot be there at all is a
 * {@link CannotStartException}.
 *
 * @param matrix which matrix runs
 * @param parameters the JUnit configuration parameters of the run
 * @param scenarios the scenarios that will run, in the matrix's order
 */
record CheckPlan(Matrix matrix, Map<String, String> parameters, List<String> scenarios) {

    /** The three matrices of {@code check}. */
    enum Matrix {
        STANDARD(StandardScenarios.class),
        OUTPUT(OutputScenarios.class),
        SERVICE(ServiceScenarios.class);

        private final Class<?> scenarios;

        Matrix(Class<?> scenarios) {
            this.scenarios = scenarios;
        }

        Class<?> scenarios() {
            return scenarios;
        }

        String displayName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static CheckPlan of(CheckCommand c) {
        if (c.service && c.atOutput != null) {
            throw new UsageException("--service and --at-output choose different matrices: --service for an HTTP "
                    + "service, --at-output for a program that only prints. Keep one.");
        }
        Matrix matrix = c.service ? Matrix.SERVICE : c.atOutput != null ? Matrix.OUTPUT : Matrix.STANDARD;
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                SignalTest.OUTPUT_DIRECTORY_PROPERTY,
                c.reportDirectory.toAbsolutePath().normalize().toString());
        // The report's files are the run directories themselves: no copies elsewhere, nothing outside --report-dir.
        p.put(SignalTest.ATTACH_FILES_PROPERTY, "false");
        p.put(
                "junit.platform.reporting.output.dir",
                c.reportDirectory.toAbsolutePath().normalize().resolve("junit").toString());
        program(c, p);
        if (matrix != Matrix.SERVICE) {
            notServiceOptions(c);
        }
        switch (matrix) {
            case OUTPUT -> outputMatrix(c, p);
            case STANDARD -> standardMatrix(c, p);
            case SERVICE -> serviceMatrix(c, p);
        }
        if (!c.signals.isEmpty()) {
            p.put(SignalTest.SELECTED_SIGNALS_PROPERTY, String.join(",", c.signals));
        }
        if (c.momentTimeoutMillis != null) {
            p.put(SignalTest.MOMENT_TIMEOUT_PROPERTY, Long.toString(c.momentTimeoutMillis));
        }
        if (c.logTimeoutMillis != null) {
            p.put(SignalTest.LOG_TIMEOUT_PROPERTY, Long.toString(c.logTimeoutMillis));
        }
        if (c.exitTimeoutMillis != null) {
            p.put(SignalTest.EXIT_TIMEOUT_PROPERTY, Long.toString(c.exitTimeoutMillis));
        }
        if (c.shutdownDeadlineMillis != null) {
            p.put(StandardScenarios.SHUTDOWN_DEADLINE_PROPERTY, Long.toString(c.shutdownDeadlineMillis));
        }
        if (c.stackTraces != null) {
            p.put(StandardScenarios.STACK_TRACES_PROPERTY, c.stackTraces);
        }
        if (c.parallel < 1) {
            throw new UsageException("--parallel must be 1 or more, but it is " + c.parallel + ".");
        }
        p.put("junit.jupiter.execution.parallel.enabled", Boolean.toString(c.parallel > 1));
        p.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        p.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
        p.put("junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(c.parallel));
        return new CheckPlan(matrix, p, scenarioNames(matrix, p));
    }

    private static void program(CheckCommand c, Map<String, String> p) {
        int named = (c.jar != null ? 1 : 0) + (c.mainClass != null ? 1 : 0) + (c.command.isEmpty() ? 0 : 1);
        if (named == 0) {
            throw new UsageException("name the program to check: --jar APP.jar, --main CLASS --classpath CP, "
                    + "or a command after '--'.");
        }
        if (named > 1) {
            throw new UsageException("name the program once: use only one of --jar, --main, or a command after '--'.");
        }
        if (c.classpath != null && c.mainClass == null) {
            throw new UsageException("--classpath goes with --main: name the main class too, or drop --classpath.");
        }
        List<String> jvm = words(c.jvmOptions);
        List<String> args = words(c.programArgs);
        if (!c.command.isEmpty()) {
            if (!jvm.isEmpty()) {
                throw new UsageException("--jvm-options goes with --jar or --main: for a command, write the JVM's "
                        + "options into the command itself.");
            }
            if (!args.isEmpty()) {
                throw new UsageException(
                        "--args goes with --jar or --main: a command carries its own arguments, " + "after '--'.");
            }
            if (c.agent) {
                throw new UsageException("--agent goes with --jar or --main, which signaltest starts as a JVM: for a "
                        + "command, put -javaagent:<signaltest-agent jar> into it, or name the program with --jar or "
                        + "--main.");
            }
            ProgramCheck.command(c.command.get(0));
            p.put(SignalTest.PROGRAM_COMMAND_PROPERTY, json(c.command));
            return;
        }
        if (c.jar != null) {
            p.put(SignalTest.PROGRAM_JAR_PROPERTY, ProgramCheck.jar(c.jar).toString());
        } else {
            if (c.classpath == null || c.classpath.isBlank()) {
                throw new UsageException("--main needs --classpath: the directories and jars that hold " + c.mainClass
                        + " and its libraries.");
            }
            ProgramCheck.mainClass(c.mainClass, c.classpath);
            p.put(SignalTest.PROGRAM_MAIN_PROPERTY, c.mainClass);
            p.put(SignalTest.PROGRAM_CLASSPATH_PROPERTY, c.classpath);
        }
        if (!jvm.isEmpty()) {
            p.put(SignalTest.PROGRAM_JVM_ARGS_PROPERTY, String.join(" ", jvm));
        }
        if (!args.isEmpty()) {
            p.put(SignalTest.PROGRAM_ARGS_PROPERTY, json(args));
        }
        if (c.agent) {
            p.put(SignalTest.PROGRAM_AGENT_PROPERTY, "true");
        }
    }

    private static void standardMatrix(CheckCommand c, Map<String, String> p) {
        List<String> outputOnly = new ArrayList<>();
        if (!c.atOutputCounts.isEmpty()) {
            outputOnly.add("--at-output-count");
        }
        if (c.taskStart != null || c.taskCleanup != null) {
            outputOnly.add("--task-start/--task-cleanup");
        }
        if (!c.printedAfterSignal.isEmpty()) {
            outputOnly.add("--printed-after-signal");
        }
        if (!c.exitCodes.isEmpty()) {
            outputOnly.add("--exit-code");
        }
        if (!outputOnly.isEmpty()) {
            throw new UsageException(String.join(", ", outputOnly) + " go" + (outputOnly.size() == 1 ? "es" : "")
                    + " with --at-output, the output matrix for a program that only prints: add --at-output REGEX "
                    + "(the line after which the signal goes), or drop them.");
        }
        if (!c.moments.isEmpty()) {
            p.put(
                    SignalTest.SELECTED_MOMENTS_PROPERTY,
                    String.join(",", c.moments.stream().map(Moment::name).toList()));
        }
        if (c.workloadArgs != null) {
            p.put(StandardScenarios.WORKLOAD_ARGS_PROPERTY, c.workloadArgs);
        }
    }

    private static void outputMatrix(CheckCommand c, Map<String, String> p) {
        if (!c.moments.isEmpty()) {
            throw new UsageException(
                    "--moment selects moments of the standard matrix, which a program that only prints "
                            + "cannot reach: with --at-output the moment is that line; choose which one "
                            + "with --at-output-count.");
        }
        if (c.workloadArgs != null) {
            throw new UsageException("--workload-args shapes the standard matrix's workload options; the output matrix "
                    + "passes none: give the program's own arguments in the command after '--', or with --args.");
        }
        p.put(SignalTest.MOMENT_OUTPUT_PROPERTY, regex("--at-output", c.atOutput));
        if (!c.atOutputCounts.isEmpty()) {
            for (int count : c.atOutputCounts) {
                if (count < 1) {
                    throw new UsageException("--at-output-count must be 1 or more, but it is " + count
                            + ": it counts the matching lines, and the signal goes out after that many.");
                }
            }
            p.put(
                    SignalTest.MOMENT_OUTPUT_COUNT_PROPERTY,
                    String.join(
                            ",",
                            c.atOutputCounts.stream()
                                    .distinct()
                                    .map(String::valueOf)
                                    .toList()));
        }
        if ((c.taskStart == null) != (c.taskCleanup == null)) {
            throw new UsageException(
                    "--task-start and --task-cleanup go together: give both (the line a task prints when "
                            + "it starts, and the one it prints when its cleanup is done), or neither.");
        }
        if (c.taskStart != null) {
            p.put(OutputScenarios.TASK_START_PROPERTY, regex("--task-start", c.taskStart));
            p.put(OutputScenarios.TASK_CLEANUP_PROPERTY, regex("--task-cleanup", c.taskCleanup));
        }
        Map<String, Integer> after = new LinkedHashMap<>();
        for (String entry : c.printedAfterSignal) {
            int colon = entry.indexOf(':');
            Integer count = colon > 0 ? parseCount(entry.substring(0, colon)) : null;
            if (count == null) {
                throw new UsageException("--printed-after-signal takes COUNT:REGEX, such as '0:Task \\d+ started', "
                        + "but it is '" + entry + "'.");
            }
            after.put(regex("--printed-after-signal", entry.substring(colon + 1)), count);
        }
        if (!after.isEmpty()) {
            p.put(OutputScenarios.PRINTED_AFTER_SIGNAL_PROPERTY, json(after));
        }
        for (int code : c.exitCodes) {
            if (code < 0 || code > 255) {
                throw new UsageException("--exit-code takes exit codes from 0 to 255, but one is " + code + ".");
            }
        }
        if (!c.exitCodes.isEmpty()) {
            p.put(
                    OutputScenarios.EXIT_CODES_PROPERTY,
                    String.join(",", c.exitCodes.stream().map(String::valueOf).toList()));
        }
    }

    private static Integer parseCount(String text) {
        try {
            int count = Integer.parseInt(text.trim());
            return count >= 0 ? count : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String regex(String option, String regex) {
        try {
            Pattern.compile(regex);
            return regex;
        } catch (PatternSyntaxException e) {
            throw new UsageException(option + " takes a regular expression, but '" + regex + "' is not one ("
                    + e.getDescription() + " near index " + e.getIndex() + "): fix it, or quote literal text with "
                    + "\\Q...\\E.");
        }
    }

    private static void notServiceOptions(CheckCommand c) {
        List<String> serviceOnly = new ArrayList<>();
        addIf(serviceOnly, c.readyUrl != null, "--ready-url");
        addIf(serviceOnly, c.readyOutput != null, "--ready-output");
        addIf(serviceOnly, c.request != null, "--request");
        addIf(serviceOnly, c.inFlight != null, "--in-flight");
        addIf(serviceOnly, c.newRequest != null, "--new-request");
        addIf(serviceOnly, c.inHandlerOutput != null, "--in-handler-output");
        addIf(serviceOnly, c.lastOutput != null, "--last-output");
        addIf(serviceOnly, c.graceMillis != null, "--grace");
        addIf(serviceOnly, c.newRequests != null, "--new-requests");
        addIf(serviceOnly, !c.serviceMoments.isEmpty(), "--service-moment");
        if (!serviceOnly.isEmpty()) {
            throw new UsageException(String.join(", ", serviceOnly) + " go" + (serviceOnly.size() == 1 ? "es" : "")
                    + " with --service, the matrix for an HTTP service: add --service, or drop them.");
        }
    }

    private static void addIf(List<String> names, boolean set, String name) {
        if (set) {
            names.add(name);
        }
    }

    private static void serviceMatrix(CheckCommand c, Map<String, String> p) {
        List<String> notHere = new ArrayList<>();
        addIf(notHere, !c.moments.isEmpty(), "--moment (use --service-moment)");
        addIf(notHere, c.workloadArgs != null, "--workload-args");
        addIf(notHere, !c.atOutputCounts.isEmpty(), "--at-output-count");
        addIf(notHere, !c.printedAfterSignal.isEmpty(), "--printed-after-signal (use --last-output)");
        addIf(notHere, c.shutdownDeadlineMillis != null, "--shutdown-deadline (use --grace)");
        if (!notHere.isEmpty()) {
            throw new UsageException(String.join(", ", notHere) + " do" + (notHere.size() == 1 ? "es" : "")
                    + " not go with --service: drop " + (notHere.size() == 1 ? "it" : "them") + ".");
        }
        boolean portGiven = (c.programArgs != null && c.programArgs.contains(ServiceTest.PORT_PLACEHOLDER))
                || c.command.stream().anyMatch(word -> word.contains(ServiceTest.PORT_PLACEHOLDER))
                || (c.jvmOptions != null && c.jvmOptions.contains(ServiceTest.PORT_PLACEHOLDER));
        if (!portGiven) {
            throw new UsageException("--service starts the service on a free port, which {port} stands for: put it "
                    + "where the service reads its port, as in --args '--server.port={port}', --jvm-options "
                    + "'-Dserver.port={port}', or a command such as -- env PORT={port} ./server.");
        }
        if (c.readyUrl == null && c.readyOutput == null) {
            throw new UsageException("--service needs --ready-url (a URL that answers 2xx once the service serves) or "
                    + "--ready-output (the line it prints then).");
        }
        if (c.readyUrl != null) {
            p.put(ServiceTest.READY_URL_PROPERTY, c.readyUrl);
        }
        if (c.readyOutput != null) {
            p.put(ServiceTest.READY_OUTPUT_PROPERTY, regex("--ready-output", c.readyOutput));
        }
        if (c.request != null) {
            p.put(ServiceTest.REQUEST_PROPERTY, c.request);
        }
        if (c.inFlight != null) {
            if (c.inFlight < 1) {
                throw new UsageException("--in-flight must be 1 or more, but it is " + c.inFlight + ".");
            }
            p.put(ServiceTest.REQUEST_COUNT_PROPERTY, Integer.toString(c.inFlight));
        }
        if (c.newRequest != null) {
            p.put(ServiceTest.NEW_REQUEST_PROPERTY, c.newRequest);
        }
        if (c.inHandlerOutput != null) {
            p.put(ServiceTest.IN_HANDLER_OUTPUT_PROPERTY, regex("--in-handler-output", c.inHandlerOutput));
        }
        if (c.lastOutput != null) {
            p.put(ServiceTest.LAST_OUTPUT_PROPERTY, regex("--last-output", c.lastOutput));
        }
        if (c.graceMillis != null) {
            p.put(ServiceTest.GRACE_PROPERTY, Long.toString(c.graceMillis));
        }
        if (c.newRequests != null) {
            String value = c.newRequests.trim().toLowerCase(java.util.Locale.ROOT);
            if (value.startsWith("served:")) {
                long millis;
                try {
                    millis = new Durations().convert(value.substring("served:".length()));
                } catch (Exception e) {
                    throw new UsageException("--new-requests served:DURATION needs a duration, such as served:5s, "
                            + "but it is '" + c.newRequests + "'.");
                }
                p.put(ServiceTest.NEW_REQUESTS_PROPERTY, "served:" + millis);
            } else if (value.equals("refused")) {
                p.put(ServiceTest.NEW_REQUESTS_PROPERTY, "refused");
            } else {
                throw new UsageException("--new-requests takes 'refused' or 'served:DURATION' (served:5s), but it is '"
                        + c.newRequests + "'.");
            }
        }
        if (!c.serviceMoments.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (String moment : c.serviceMoments) {
                String upper = moment.trim().toUpperCase(java.util.Locale.ROOT);
                if (java.util.Arrays.stream(ServiceMoment.values())
                        .noneMatch(m -> m.name().equals(upper))) {
                    throw new UsageException("--service-moment takes IDLE, IN_FLIGHT, STEADY_STREAM or DURING_DRAIN, "
                            + "but one is '" + moment + "'.");
                }
                names.add(upper);
            }
            p.put(SignalTest.SELECTED_MOMENTS_PROPERTY, String.join(",", names));
        }
        if ((c.taskStart == null) != (c.taskCleanup == null)) {
            throw new UsageException("--task-start and --task-cleanup go together: give both (the line the service "
                    + "prints when background work starts, and the one it prints when it is done), or neither.");
        }
        if (c.taskStart != null) {
            p.put(OutputScenarios.TASK_START_PROPERTY, regex("--task-start", c.taskStart));
            p.put(OutputScenarios.TASK_CLEANUP_PROPERTY, regex("--task-cleanup", c.taskCleanup));
        }
        for (int code : c.exitCodes) {
            if (code < 0 || code > 255) {
                throw new UsageException("--exit-code takes exit codes from 0 to 255, but one is " + code + ".");
            }
        }
        if (!c.exitCodes.isEmpty()) {
            p.put(
                    ServiceTest.EXIT_CODES_PROPERTY,
                    String.join(",", c.exitCodes.stream().map(String::valueOf).toList()));
        }
    }

    /** The scenarios that will run, in the matrix's order; a selection that leaves none is a usage error. */
    private static List<String> scenarioNames(Matrix matrix, Map<String, String> parameters) {
        ScenarioPlan plan;
        try {
            plan = ScenarioPlan.of(matrix.scenarios(), parameters);
        } catch (ExtensionConfigurationException e) {
            throw new UsageException(e.getMessage());
        }
        if (plan.selected().isEmpty()) {
            throw new UsageException("no scenario of the " + matrix.displayName()
                    + " matrix is at the selected " + plan.selection() + "; the matrix has: "
                    + String.join("; ", plan.all()) + ".");
        }
        return plan.selected();
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and numbers are always JSON", e);
        }
    }
}
