package io.signaltest.junit.internal.run;

import io.signaltest.junit.SignalTest;
import io.signaltest.runtime.protocol.HarnessEnvironment;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a scenario's annotation and the configuration say about the program to run: which program ({@code main},
 * {@code jar}, {@code command}, or the configured one), its arguments from the configuration, its environment and its
 * working directory. Each misuse is an {@link ExtensionConfigurationException} naming the attribute, as in
 * {@link Scenario}.
 */
final class DeclaredProgram {

    /** Variables of the harness protocol that the harness sets itself. */
    static final Set<String> RESERVED_ENV = Set.copyOf(HarnessEnvironment.VARIABLES);

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private DeclaredProgram() {}

    static Program program(
            Declared a,
            Function<String, Optional<String>> configuration,
            Path baseDirectory,
            UnaryOperator<String> expand) {
        List<String> set = new ArrayList<>();
        if (a.main() != void.class) {
            set.add("`main`");
        }
        if (!a.jar().isBlank()) {
            set.add("`jar`");
        }
        if (a.command().length > 0) {
            set.add("`command`");
        }
        if (set.isEmpty()) {
            return configuredProgram(a, configuration, baseDirectory);
        }
        if (configuration
                .apply(SignalTest.PROGRAM_CLASSPATH_PROPERTY)
                .filter(v -> !v.isBlank())
                .isPresent()) {
            throw new ExtensionConfigurationException("The configuration parameter "
                    + SignalTest.PROGRAM_CLASSPATH_PROPERTY + " goes with " + SignalTest.PROGRAM_MAIN_PROPERTY
                    + ", but this " + a.annotation() + " names its program itself: remove the parameter.");
        }
        if (set.size() > 1) {
            throw a.misuse("requires exactly one of `main`, `jar` or `command`, but " + both(set)
                    + " are set: keep the one that names the program under test.");
        }
        if (a.main() != void.class) {
            Class<?> type = a.main();
            boolean hasMain =
                    Arrays.stream(type.getMethods()).map(Method::getName).anyMatch("main"::equals)
                            || Arrays.stream(type.getDeclaredMethods())
                                    .map(Method::getName)
                                    .anyMatch("main"::equals);
            if (!hasMain) {
                throw a.misuse("requires that `main` name a class with a main method, but " + type.getName()
                        + " has none: name the class that starts the program, "
                        + "the one with public static void main(String[] args).");
            }
            return new Program.MainClass(type.getName(), Optional.empty());
        }
        if (!a.jar().isBlank()) {
            Path jar = baseDirectory
                    .resolve(expand.apply(a.jar()))
                    .toAbsolutePath()
                    .normalize();
            if (!Files.isRegularFile(jar)) {
                throw a.misuse("requires that `jar` name an existing jar file, but " + jar
                        + " does not exist: build the jar before the test runs "
                        + "(for example, run the test with Failsafe, after the package phase), "
                        + "or give its path relative to " + baseDirectory.toAbsolutePath() + ".");
            }
            return new Program.Jar(jar);
        }
        List<String> command = Arrays.stream(a.command()).map(expand).toList();
        if (command.get(0).isBlank()) {
            throw a.misuse("requires that the first element of `command` name the program to run, but it is blank: "
                    + "for example command = {\"{java}\", \"-cp\", \"{classpath}\", \"com.example.Main\"}.");
        }
        return new Program.Command(command);
    }

    static Program configuredProgram(Declared a, Function<String, Optional<String>> configuration, Path baseDirectory) {
        Map<String, String> set = new LinkedHashMap<>();
        for (String property : List.of(
                SignalTest.PROGRAM_MAIN_PROPERTY,
                SignalTest.PROGRAM_JAR_PROPERTY,
                SignalTest.PROGRAM_COMMAND_PROPERTY)) {
            configuration.apply(property).filter(v -> !v.isBlank()).ifPresent(v -> set.put(property, v.trim()));
        }
        if (set.isEmpty()) {
            throw a.misuse("requires exactly one of `main`, `jar` or `command`, but none is set: "
                    + "name the program under test (or, for a scenario class shared by several programs, set the "
                    + "configuration parameter " + SignalTest.PROGRAM_MAIN_PROPERTY + ", "
                    + SignalTest.PROGRAM_JAR_PROPERTY + " or " + SignalTest.PROGRAM_COMMAND_PROPERTY + ").");
        }
        if (set.size() > 1) {
            throw new ExtensionConfigurationException("The configuration parameters " + both(List.copyOf(set.keySet()))
                    + " are all set, but " + a.annotation()
                    + " needs exactly one of them to name the program under test: "
                    + "remove the others.");
        }
        Map.Entry<String, String> only = set.entrySet().iterator().next();
        String value = only.getValue();
        if (only.getKey().equals(SignalTest.PROGRAM_MAIN_PROPERTY)) {
            Optional<String> classpath =
                    configuration.apply(SignalTest.PROGRAM_CLASSPATH_PROPERTY).filter(v -> !v.isBlank());
            if (classpath.isPresent()) {
                return new Program.MainClass(value, classpath);
            }
            try {
                Class.forName(value, false, Thread.currentThread().getContextClassLoader());
                return new Program.MainClass(value, Optional.empty());
            } catch (ClassNotFoundException e) {
                throw new ExtensionConfigurationException("The configuration parameter " + only.getKey() + " names "
                        + value + ", which is not on the test classpath: give the fully qualified name of the "
                        + "program's main class, and add its module or jar to the test dependencies (or name its "
                        + "classpath in " + SignalTest.PROGRAM_CLASSPATH_PROPERTY + ").");
            }
        }
        if (only.getKey().equals(SignalTest.PROGRAM_JAR_PROPERTY)) {
            Path jar = baseDirectory.resolve(value).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new ExtensionConfigurationException("The configuration parameter " + only.getKey() + " names "
                        + jar + ", which does not exist: build the jar first, or give its path relative to "
                        + baseDirectory + ".");
            }
            return new Program.Jar(jar);
        }
        List<String> command = commandWords(value);
        if (command.isEmpty()) {
            throw new ExtensionConfigurationException("The configuration parameter " + only.getKey()
                    + " holds no command: give it as a JSON array of strings, or as words separated by spaces.");
        }
        return new Program.Command(command);
    }

    /**
     * The program's own arguments from {@value SignalTest#PROGRAM_ARGS_PROPERTY}, for a program named by configuration;
     * they come before the annotation's.
     */
    static List<String> configuredArgs(Declared annotation, Function<String, Optional<String>> configuration) {
        Optional<String> value =
                configuration.apply(SignalTest.PROGRAM_ARGS_PROPERTY).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return List.of();
        }
        if (annotation.namesProgram()) {
            throw new ExtensionConfigurationException("The configuration parameter " + SignalTest.PROGRAM_ARGS_PROPERTY
                    + " goes with a program named by configuration, but this " + annotation.annotation()
                    + " names its program itself: "
                    + "put the arguments into its `args`, or remove the parameter.");
        }
        return commandWords(value.get().trim(), SignalTest.PROGRAM_ARGS_PROPERTY);
    }

    static List<String> commandWords(String value) {
        return commandWords(value, SignalTest.PROGRAM_COMMAND_PROPERTY);
    }

    static List<String> commandWords(String value, String property) {
        if (value.startsWith("[")) {
            try {
                String[] words = new com.fasterxml.jackson.databind.ObjectMapper().readValue(value, String[].class);
                return List.of(words);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ExtensionConfigurationException("The configuration parameter "
                        + property + " starts like a JSON array but is not one ("
                        + e.getOriginalMessage() + "): write it as [\"{java}\", \"-jar\", \"app.jar\"].");
            }
        }
        return List.of(value.trim().split("\\s+"));
    }

    /** "a and b", "a, b and c": the attributes or parameters that were set together. */
    static String both(List<String> names) {
        if (names.size() == 2) {
            return names.get(0) + " and " + names.get(1);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    static Map<String, String> env(Declared a, UnaryOperator<String> expand) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : a.env()) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            if (eq <= 0 || !ENV_NAME.matcher(name).matches()) {
                throw a.misuse("requires each `env` entry to have the form NAME=value, but one is \"" + entry
                        + "\": write it as, for example, \"APP_MODE=batch\".");
            }
            if (RESERVED_ENV.contains(name)) {
                throw a.misuse("sets " + name + " itself, so `env` must not set it (\"" + entry
                        + "\"): remove the entry; the harness owns "
                        + String.join(", ", RESERVED_ENV.stream().sorted().toList())
                        + ".");
            }
            if (env.put(name, expand.apply(entry.substring(eq + 1))) != null) {
                throw a.misuse("requires each variable to appear once in `env`, but " + name
                        + " appears twice: keep one entry.");
            }
        }
        return env;
    }

    static Optional<Path> workingDirectory(Declared a, UnaryOperator<String> expand, Path baseDirectory) {
        String value = expand.apply(a.workingDirectory());
        if (value.isBlank()) {
            return Optional.empty();
        }
        Path directory = baseDirectory.resolve(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw a.misuse("requires that `workingDirectory` name an existing directory, but " + directory
                    + " is not one: create it before the test, or leave the attribute out to use this JVM's.");
        }
        return Optional.of(directory);
    }
}
