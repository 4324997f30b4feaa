package io.signaltest.junit.internal.run;

import io.signaltest.junit.StandardScenarios;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * How the standard workload options ({@code --tasks N --max-concurrent M --task-millis T --cleanup-millis C --work-dir
 * DIR}) reach a program, as {@value StandardScenarios#WORKLOAD_ARGS_PROPERTY} says: as they are ({@code standard}, the
 * default), not at all ({@code none}), or rewritten into the program's own options by a template such as {@code -n
 * {tasks} -j {max-concurrent}}.
 */
final class WorkloadArgs {

    /** The standard options, each of which a template may name as {@code {name}}. */
    static final List<String> OPTIONS = List.of("tasks", "max-concurrent", "task-millis", "cleanup-millis", "work-dir");

    private WorkloadArgs() {}

    /** {@code args} as the configured template has them; unchanged unless they are exactly the standard options. */
    static List<String> apply(List<String> args, Function<String, Optional<String>> configuration) {
        String template = configuration
                .apply(StandardScenarios.WORKLOAD_ARGS_PROPERTY)
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .orElse("standard");
        if (template.equals("standard")) {
            return args;
        }
        Optional<Map<String, String>> values = standard(args);
        if (values.isEmpty()) {
            return args;
        }
        if (template.equals("none")) {
            return List.of();
        }
        List<String> rewritten = new ArrayList<>();
        for (String word : template.split("\\s+")) {
            String value = word;
            for (Map.Entry<String, String> option : values.get().entrySet()) {
                value = value.replace("{" + option.getKey() + "}", option.getValue());
            }
            if (value.matches(".*\\{[a-z-]+}.*")) {
                throw new ExtensionConfigurationException("The configuration parameter "
                        + StandardScenarios.WORKLOAD_ARGS_PROPERTY + " has \"" + word + "\", which names no standard "
                        + "option: a template may name "
                        + String.join(
                                ", ", OPTIONS.stream().map(o -> "{" + o + "}").toList()) + ".");
            }
            rewritten.add(value);
        }
        return rewritten;
    }

    /** The values of the standard options, when {@code args} are exactly those, each once, as {@code --name value}. */
    private static Optional<Map<String, String>> standard(List<String> args) {
        if (args.size() != OPTIONS.size() * 2) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i).startsWith("--") ? args.get(i).substring(2) : "";
            if (!OPTIONS.contains(name) || values.put(name, args.get(i + 1)) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }
}
