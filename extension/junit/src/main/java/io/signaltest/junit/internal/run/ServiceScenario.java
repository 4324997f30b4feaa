package io.signaltest.junit.internal.run;

import io.signaltest.junit.SignalTest;
import io.signaltest.junit.internal.service.ServiceSpec;
import io.signaltest.junit.service.ServiceMoment;
import io.signaltest.junit.service.ServiceTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A validated {@link ServiceTest} as a {@link Scenario}: the program's attributes as {@code @SignalTest} has them, the
 * service's own ({@link ServiceSpec}), its moments, and the port that must reach the service.
 */
final class ServiceScenario {

    private ServiceScenario() {}

    /**
     * Validates {@code annotation}, with {@value ModuleDirectory#PLACEHOLDER} in its values standing for
     * {@code moduleDirectory}.
     *
     * @throws ExtensionConfigurationException naming the attribute, when the annotation is misused
     */
    static Scenario of(
            ServiceTest annotation,
            Function<String, Optional<String>> configuration,
            Path baseDirectory,
            Path moduleDirectory) {
        Declared declared = Declared.of(annotation);
        configuration = servicePrograms(configuration);
        ServiceSpec service = ServiceSpec.of(annotation, configuration);
        List<MomentTarget> moments = serviceMoments(declared, annotation, service, configuration);
        Scenario scenario =
                Scenario.of(declared, moments, Optional.of(service), configuration, baseDirectory, moduleDirectory);
        if (!mentions(scenario, ServiceTest.PORT_PLACEHOLDER)) {
            throw declared.misuse("gives the service a free port through " + ServiceTest.PORT_PLACEHOLDER
                    + ", but no argument, JVM option, variable or command element holds it: pass it the way the "
                    + "service reads its port, for example args = \"--server.port={port}\", jvmArgs = "
                    + "\"-Dserver.port={port}\" or env = \"PORT={port}\".");
        }
        return scenario;
    }

    /**
     * The configuration as a service's test reads it: each {@code signaltest.program.*} parameter from its
     * {@value ServiceTest#PROGRAM_PROPERTY_PREFIX} twin when that is set.
     */
    private static Function<String, Optional<String>> servicePrograms(
            Function<String, Optional<String>> configuration) {
        String programPrefix = "signaltest.program.";
        Function<String, Optional<String>> own = key -> configuration
                .apply(ServiceTest.PROGRAM_PROPERTY_PREFIX + key.substring(programPrefix.length()))
                .filter(v -> !v.isBlank());
        // A service named under its own prefix is named there alone: another program's name or arguments do not mix in.
        boolean namedHere = Stream.of(
                        SignalTest.PROGRAM_MAIN_PROPERTY,
                        SignalTest.PROGRAM_JAR_PROPERTY,
                        SignalTest.PROGRAM_COMMAND_PROPERTY)
                .anyMatch(key -> own.apply(key).isPresent());
        Set<String> naming = Set.of(
                SignalTest.PROGRAM_MAIN_PROPERTY,
                SignalTest.PROGRAM_JAR_PROPERTY,
                SignalTest.PROGRAM_COMMAND_PROPERTY,
                SignalTest.PROGRAM_CLASSPATH_PROPERTY,
                SignalTest.PROGRAM_ARGS_PROPERTY);
        return key -> {
            if (!key.startsWith(programPrefix)) {
                return configuration.apply(key);
            }
            Optional<String> value = own.apply(key);
            if (value.isPresent() || (namedHere && naming.contains(key))) {
                return value;
            }
            return configuration.apply(key);
        };
    }

    /** Whether {@code text} appears in the program's command, arguments, JVM options or environment. */
    private static boolean mentions(Scenario scenario, String text) {
        List<String> all = new ArrayList<>(scenario.args());
        all.addAll(scenario.jvmArgs());
        all.addAll(scenario.env().values());
        scenario.argumentSets().forEach(set -> all.addAll(set.args()));
        if (scenario.program() instanceof Program.Command command) {
            all.addAll(command.elements());
        }
        return all.stream().anyMatch(value -> value.contains(text));
    }

    private static List<MomentTarget> serviceMoments(
            Declared declared, ServiceTest a, ServiceSpec service, Function<String, Optional<String>> configuration) {
        String atOutput = a.atOutput();
        if (atOutput.isEmpty() && a.at().length == 0) {
            atOutput = configuration
                    .apply(ServiceTest.AT_OUTPUT_PROPERTY)
                    .filter(v -> !v.isBlank())
                    .orElse("");
        }
        if (!atOutput.isEmpty()) {
            if (a.at().length > 0) {
                throw declared.misuse("requires one of `at` or `atOutput`, but both are set: keep the one that names "
                        + "the moment.");
            }
            try {
                return List.of(new MomentTarget.OutputLine(Pattern.compile(atOutput)));
            } catch (PatternSyntaxException e) {
                throw declared.misuse("requires that `atOutput` be a regular expression (java.util.regex.Pattern), "
                        + "but \"" + atOutput + "\" is not one (" + e.getDescription() + " near index "
                        + e.getIndex() + "): fix the expression, or quote literal text with \\Q...\\E.");
            }
        }
        if (a.at().length == 0) {
            return Arrays.stream(ServiceMoment.values())
                    .filter(m -> service.showsRequestsInHandlers()
                            || m == ServiceMoment.IDLE
                            || m == ServiceMoment.STEADY_STREAM)
                    .<MomentTarget>map(MomentTarget.Service::new)
                    .toList();
        }
        Set<ServiceMoment> seen = new LinkedHashSet<>();
        for (ServiceMoment moment : a.at()) {
            if (!seen.add(moment)) {
                throw declared.misuse("requires each moment to appear once in `at`, but " + moment
                        + " appears twice: remove the repetition.");
            }
            boolean needsHandlers = moment == ServiceMoment.IN_FLIGHT || moment == ServiceMoment.DURING_DRAIN;
            if (needsHandlers && !service.showsRequestsInHandlers()) {
                throw declared.misuse("signals at " + moment + " once requests are inside the service's handlers, "
                        + "but nothing shows that they are: set `inHandlerOutput` to the line the service prints "
                        + "when a handler has a request (with a group (?<id>...) for its "
                        + ServiceTest.REQUEST_ID_HEADER
                        + " header), or `agent = true` for the JDK's HttpServer, Tomcat or Jetty; or leave " + moment
                        + " out of `at`.");
            }
        }
        return seen.stream().<MomentTarget>map(MomentTarget.Service::new).toList();
    }
}
