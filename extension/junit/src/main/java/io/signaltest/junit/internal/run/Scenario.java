package io.signaltest.junit.internal.run;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.internal.service.ServiceSpec;
import io.signaltest.junit.service.ServiceTest;
import io.signaltest.runtime.Moment;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A validated {@link SignalTest}: the program, the moments, the signals and the deadlines. Every misuse of an attribute
 * is reported here, before any child is started, as an {@link ExtensionConfigurationException} that names the attribute
 * and says what to do.
 */
public record Scenario(
        Program program,
        List<String> args,
        List<String> jvmArgs,
        Map<String, String> env,
        Optional<Path> workingDirectory,
        List<MomentTarget> moments,
        List<Signal> signals,
        int repeat,
        Delivery delivery,
        long momentTimeoutMillis,
        long exitTimeoutMillis,
        List<ArgumentSet> argumentSets,
        boolean classDataSharing,
        Optional<AgentJar> agent,
        long logTimeoutMillis,
        Optional<ServiceSpec> service) {

    /** The default of both deadlines when neither the annotation nor the configuration sets one. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 60_000;
    /** The default of {@value SignalTest#LOG_TIMEOUT_PROPERTY}. */
    public static final long DEFAULT_LOG_TIMEOUT_MILLIS = 15_000;

    public Scenario {
        args = List.copyOf(args);
        jvmArgs = List.copyOf(jvmArgs);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        moments = List.copyOf(moments);
        signals = List.copyOf(signals);
        argumentSets = argumentSets.isEmpty() ? List.of(ArgumentSet.NONE) : List.copyOf(argumentSets);
    }

    /** A scenario of a program that is not a service. */
    public Scenario(
            Program program,
            List<String> args,
            List<String> jvmArgs,
            Map<String, String> env,
            Optional<Path> workingDirectory,
            List<MomentTarget> moments,
            List<Signal> signals,
            int repeat,
            Delivery delivery,
            long momentTimeoutMillis,
            long exitTimeoutMillis,
            List<ArgumentSet> argumentSets,
            boolean classDataSharing,
            Optional<AgentJar> agent,
            long logTimeoutMillis) {
        this(
                program,
                args,
                jvmArgs,
                env,
                workingDirectory,
                moments,
                signals,
                repeat,
                delivery,
                momentTimeoutMillis,
                exitTimeoutMillis,
                argumentSets,
                classDataSharing,
                agent,
                logTimeoutMillis,
                Optional.empty());
    }

    /**
     * Validates {@code annotation}. {@code configuration} looks up JUnit configuration parameters (the defaults of the
     * deadlines); {@code baseDirectory} resolves relative paths.
     *
     * @throws ExtensionConfigurationException naming the attribute, when the annotation is misused
     */
    public static Scenario of(
            SignalTest annotation, Function<String, Optional<String>> configuration, Path baseDirectory) {
        return of(annotation, configuration, baseDirectory, baseDirectory);
    }

    /**
     * Validates {@code annotation}, with {@value ModuleDirectory#PLACEHOLDER} in its values standing for
     * {@code moduleDirectory}.
     *
     * @throws ExtensionConfigurationException naming the attribute, when the annotation is misused
     */
    public static Scenario of(
            SignalTest annotation,
            Function<String, Optional<String>> configuration,
            Path baseDirectory,
            Path moduleDirectory) {
        Declared declared = Declared.of(annotation);
        return of(
                declared,
                moments(declared, configuration),
                Optional.empty(),
                configuration,
                baseDirectory,
                moduleDirectory);
    }

    /**
     * Validates a {@link ServiceTest}, with {@value ModuleDirectory#PLACEHOLDER} in its values standing for
     * {@code moduleDirectory}.
     *
     * @throws ExtensionConfigurationException naming the attribute, when the annotation is misused
     */
    public static Scenario ofService(
            ServiceTest annotation,
            Function<String, Optional<String>> configuration,
            Path baseDirectory,
            Path moduleDirectory) {
        return ServiceScenario.of(annotation, configuration, baseDirectory, moduleDirectory);
    }

    /**
     * Validates {@code annotation}, whose moments are {@code moments} (already validated).
     *
     * @throws ExtensionConfigurationException naming the attribute, when the annotation is misused
     */
    static Scenario of(
            Declared annotation,
            List<MomentTarget> moments,
            Optional<ServiceSpec> service,
            Function<String, Optional<String>> configuration,
            Path baseDirectory,
            Path moduleDirectory) {
        String module = moduleDirectory.toAbsolutePath().normalize().toString();
        UnaryOperator<String> expand = value -> value.replace(ModuleDirectory.PLACEHOLDER, module);
        Program program = DeclaredProgram.program(annotation, configuration, baseDirectory, expand);
        if (program instanceof Program.Command && annotation.jvmArgs().length > 0) {
            throw annotation.misuse("requires that `jvmArgs` be empty when `command` is set, but it is "
                    + Arrays.toString(annotation.jvmArgs())
                    + ": put the JVM options into the command itself, after {java}.");
        }
        Map<String, String> env = DeclaredProgram.env(annotation, expand);
        Optional<Path> workingDirectory = DeclaredProgram.workingDirectory(annotation, expand, baseDirectory);
        List<Signal> signals = signals(annotation);
        if (annotation.repeat() < 1) {
            throw annotation.misuse("requires that `repeat` be at least 1, but it is " + annotation.repeat()
                    + ": it counts the signals delivered at the moment.");
        }
        long momentTimeout = timeout(
                annotation,
                "momentTimeoutMillis",
                annotation.momentTimeoutMillis(),
                SignalTest.MOMENT_TIMEOUT_PROPERTY,
                configuration);
        long exitTimeout = timeout(
                annotation,
                "exitTimeoutMillis",
                annotation.exitTimeoutMillis(),
                SignalTest.EXIT_TIMEOUT_PROPERTY,
                configuration);
        List<String> jvmArgs = Arrays.stream(annotation.jvmArgs()).map(expand).toList();
        if (jvmArgs.isEmpty() && !(program instanceof Program.Command)) {
            jvmArgs = configuration
                    .apply(SignalTest.PROGRAM_JVM_ARGS_PROPERTY)
                    .filter(v -> !v.isBlank())
                    .map(v -> List.of(v.trim().split("\\s+")))
                    .orElse(List.of());
        }
        Optional<AgentJar> agent = AgentJar.of(program, annotation.agent(), configuration);
        boolean classDataSharing = program instanceof Program.MainClass
                && configuration
                        .apply(SignalTest.CLASS_DATA_SHARING_PROPERTY)
                        .map(String::trim)
                        .map(Boolean::parseBoolean)
                        .orElse(false);
        List<String> args = new ArrayList<>(DeclaredProgram.configuredArgs(annotation, configuration));
        args.addAll(
                WorkloadArgs.apply(Arrays.stream(annotation.args()).map(expand).toList(), configuration));
        return new Scenario(
                program,
                args,
                jvmArgs,
                env,
                workingDirectory,
                moments,
                signals,
                annotation.repeat(),
                annotation.delivery(),
                momentTimeout,
                exitTimeout,
                argumentSets(annotation, expand),
                classDataSharing,
                agent,
                timeout(annotation, "", 0, SignalTest.LOG_TIMEOUT_PROPERTY, configuration, DEFAULT_LOG_TIMEOUT_MILLIS),
                service);
    }

    /** Whether {@code method} is a scenario: a {@code @SignalTest} or a {@code @ServiceTest} method. */
    public static boolean isScenario(Method method) {
        return method.isAnnotationPresent(SignalTest.class) || method.isAnnotationPresent(ServiceTest.class);
    }

    /**
     * The validated scenario of a {@code @SignalTest} or {@code @ServiceTest} method.
     *
     * @throws ExtensionConfigurationException naming the attribute, when the annotation is misused
     * @throws IllegalArgumentException when {@code method} has neither annotation
     */
    public static Scenario of(Method method, Function<String, Optional<String>> configuration, Path baseDirectory) {
        if (method.isAnnotationPresent(SignalTest.class)) {
            return of(method.getAnnotation(SignalTest.class), configuration, baseDirectory);
        }
        if (method.isAnnotationPresent(ServiceTest.class)) {
            return ofService(method.getAnnotation(ServiceTest.class), configuration, baseDirectory, baseDirectory);
        }
        throw new IllegalArgumentException(method + " is neither a @SignalTest nor a @ServiceTest");
    }

    /**
     * One invocation per argument set, moment and signal, argument sets first, in the order the annotation names them.
     */
    public List<Invocation> invocations() {
        List<Invocation> invocations = new ArrayList<>();
        for (ArgumentSet arguments : argumentSets) {
            for (MomentTarget moment : moments) {
                for (Signal signal : signals) {
                    invocations.add(new Invocation(this, arguments, moment, signal));
                }
            }
        }
        return invocations;
    }

    private static List<ArgumentSet> argumentSets(Declared a, UnaryOperator<String> expand) {
        List<ArgumentSet> result = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (SignalTest.Args set : a.argSets()) {
            String name = set.name().isBlank()
                    ? String.join(" ", set.value())
                    : set.name().trim();
            if (name.isEmpty()) {
                throw a.misuse("requires each of `argSets` to hold arguments or a name, but one is empty: "
                        + "give it its arguments, for example @SignalTest.Args({\"--tasks\", \"3\"}).");
            }
            if (!names.add(name)) {
                throw a.misuse("requires the argument sets in `argSets` to have different names, but \"" + name
                        + "\" appears twice: name them apart with `name`, for example "
                        + "@SignalTest.Args(name = \"3 tasks, 2 slots\", value = {...}).");
            }
            result.add(
                    new ArgumentSet(name, Arrays.stream(set.value()).map(expand).toList()));
        }
        return result;
    }

    // ---------------------------------------------------------------- the moment and the signal

    private static List<MomentTarget> moments(Declared a, Function<String, Optional<String>> configuration) {
        List<String> set = new ArrayList<>();
        if (a.at().length > 0) {
            set.add("`at`");
        }
        if (!a.atLogEvent().isBlank()) {
            set.add("`atLogEvent`");
        }
        if (!a.atOutput().isEmpty()) {
            set.add("`atOutput`");
        }
        if (set.isEmpty()) {
            return configuredMoments(a, configuration);
        }
        if (set.size() > 1) {
            throw a.misuse("requires exactly one of `at`, `atLogEvent` or `atOutput`, but " + DeclaredProgram.both(set)
                    + " are set: keep the one that names the moment.");
        }
        if (a.atOutputCount() != 1 && a.atOutput().isEmpty()) {
            throw a.misuse("uses `atOutputCount` only with `atOutput`, but `atOutput` is not set: "
                    + "name the line to count, or remove `atOutputCount`.");
        }
        if (a.atLogFields().length > 0 && a.atLogEvent().isBlank()) {
            throw a.misuse("uses `atLogFields` only with `atLogEvent`, but `atLogEvent` is not set: "
                    + "name the event whose fields these are, or remove `atLogFields`.");
        }
        if (a.firstSignalAt() == Moment.DURING_CLEANUP) {
            throw a.misuse("requires that `firstSignalAt` be a moment before the cleanup (BEFORE_START, BELOW_LIMIT, "
                    + "ALL_SLOTS_FULL or QUEUE_WAITING), but it is DURING_CLEANUP: the first signal starts the "
                    + "cleanup in which the tested signal lands.");
        }
        if (a.at().length > 0) {
            Set<Moment> seen = new LinkedHashSet<>();
            List<MomentTarget> moments = new ArrayList<>();
            for (Moment moment : a.at()) {
                if (!seen.add(moment)) {
                    throw a.misuse("requires each moment to appear once in `at`, but " + moment
                            + " appears twice: remove the repetition (use `repeat` for several "
                            + "signals at one moment).");
                }
                moments.add(new MomentTarget.RuntimeMoment(moment, a.firstSignalAt()));
            }
            return moments;
        }
        if (!a.atLogEvent().isBlank()) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String entry : a.atLogFields()) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || entry.substring(0, eq).isBlank()) {
                    throw a.misuse("requires each `atLogFields` entry to have the form name=value, but one is \""
                            + entry + "\": write it as, for example, \"name=download\".");
                }
                fields.put(entry.substring(0, eq).trim(), entry.substring(eq + 1));
            }
            return List.of(new MomentTarget.LogEvent(a.atLogEvent().trim(), fields));
        }
        if (a.atOutputCount() < 1) {
            throw a.misuse("requires that `atOutputCount` be at least 1, but it is " + a.atOutputCount()
                    + ": it counts the matching lines, and the signal goes out after that many.");
        }
        try {
            return List.of(new MomentTarget.OutputLine(Pattern.compile(a.atOutput()), a.atOutputCount()));
        } catch (PatternSyntaxException e) {
            throw a.misuse("requires that `atOutput` be a regular expression (java.util.regex.Pattern), but \""
                    + a.atOutput() + "\" is not one (" + e.getDescription() + " near index " + e.getIndex()
                    + "): fix the expression, or quote literal text with \\Q...\\E.");
        }
    }

    /** The moments of a method that names none: the configured output line, once per configured count. */
    private static List<MomentTarget> configuredMoments(Declared a, Function<String, Optional<String>> configuration) {
        Optional<String> regex =
                configuration.apply(SignalTest.MOMENT_OUTPUT_PROPERTY).filter(v -> !v.isEmpty());
        if (regex.isEmpty()) {
            throw a.misuse("requires exactly one of `at`, `atLogEvent` or `atOutput`, but none is set: "
                    + "name the moment at which to deliver the signal, for example at = Moment.QUEUE_WAITING (or, "
                    + "for a scenario class shared by several programs, set the configuration parameter "
                    + SignalTest.MOMENT_OUTPUT_PROPERTY + ").");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex.get());
        } catch (PatternSyntaxException e) {
            throw new ExtensionConfigurationException("The configuration parameter " + SignalTest.MOMENT_OUTPUT_PROPERTY
                    + " is \"" + regex.get() + "\", which is not a regular expression (" + e.getDescription()
                    + " near index " + e.getIndex() + "): fix it, or quote literal text with \\Q...\\E.");
        }
        String counts = configuration
                .apply(SignalTest.MOMENT_OUTPUT_COUNT_PROPERTY)
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .orElse("1");
        Set<Integer> seen = new LinkedHashSet<>();
        for (String word : counts.split("[,\\s]+")) {
            int count;
            try {
                count = Integer.parseInt(word);
            } catch (NumberFormatException notANumber) {
                count = 0;
            }
            if (count < 1) {
                throw new ExtensionConfigurationException("The configuration parameter "
                        + SignalTest.MOMENT_OUTPUT_COUNT_PROPERTY + " is \"" + counts + "\", but it must be one or "
                        + "more counts of at least 1, separated by commas (for example 1,2): the signal goes out "
                        + "after that many matching lines.");
            }
            seen.add(count);
        }
        List<MomentTarget> moments = new ArrayList<>();
        seen.forEach(count -> moments.add(new MomentTarget.OutputLine(pattern, count)));
        return moments;
    }

    private static List<Signal> signals(Declared a) {
        Signal[] signals = a.signal();
        if (signals.length == 0) {
            throw a.misuse("requires at least one signal in `signal`, but it is empty: "
                    + "leave it out for SIGINT, or name the signals to deliver.");
        }
        Set<Signal> seen = new LinkedHashSet<>();
        for (Signal signal : signals) {
            if (!seen.add(signal)) {
                throw a.misuse("requires each signal to appear once in `signal`, but " + signal.displayName()
                        + " appears twice: remove the repetition (use `repeat` for several signals at one moment).");
            }
        }
        return List.copyOf(seen);
    }

    // ---------------------------------------------------------------- deadlines

    private static long timeout(
            Declared a,
            String attribute,
            long value,
            String property,
            Function<String, Optional<String>> configuration) {
        return timeout(a, attribute, value, property, configuration, DEFAULT_TIMEOUT_MILLIS);
    }

    static long timeout(
            Declared a,
            String attribute,
            long value,
            String property,
            Function<String, Optional<String>> configuration,
            long defaultMillis) {
        if (value < 0) {
            throw a.misuse("requires that `" + attribute + "` be 0 (the configured default) or more, but it is " + value
                    + ": give the deadline in milliseconds.");
        }
        if (value > 0) {
            return value;
        }
        Optional<String> configured = configuration.apply(property);
        if (configured.isEmpty() || configured.get().isBlank()) {
            return defaultMillis;
        }
        try {
            long millis = Long.parseLong(configured.get().trim());
            if (millis > 0) {
                return millis;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ExtensionConfigurationException("The configuration parameter " + property + " is \""
                + configured.get() + "\", which is not a positive number of milliseconds: set it to, for example, "
                + defaultMillis + " (in junit-platform.properties or as a system property), or remove it.");
    }
}
