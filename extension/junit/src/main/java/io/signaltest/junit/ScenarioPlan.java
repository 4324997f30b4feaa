package io.signaltest.junit;

import io.signaltest.junit.internal.run.Invocation;
import io.signaltest.junit.internal.run.Scenario;
import io.signaltest.junit.internal.run.Selection;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The scenarios a class of {@link SignalTest} (or {@code @ServiceTest}) methods runs under a configuration, by name and
 * in order, found without running anything: for a tool that runs such a class through the JUnit Platform launcher (the
 * console runner runs {@link StandardScenarios} and {@link OutputScenarios}) and wants to say beforehand what will run,
 * or that nothing will. Every misuse of the annotations or the configuration parameters is found here, as it would be
 * in the run.
 *
 * <pre>{@code
 * ScenarioPlan plan = ScenarioPlan.of(StandardScenarios.class,
 *         Map.of(SignalTest.PROGRAM_JAR_PROPERTY, "app.jar", SignalTest.SELECTED_SIGNALS_PROPERTY, "TERM"));
 * plan.selected(); // [signalWithAllSlotsFull [ALL_SLOTS_FULL, SIGTERM], signalWhileTasksWait [QUEUE_WAITING, SIGTERM]]
 * }</pre>
 *
 * @param all every scenario of the class, "method [invocation]", in the order the class runs them
 * @param selected those that the selection parameters ({@value SignalTest#SELECTED_MOMENTS_PROPERTY},
 *     {@value SignalTest#SELECTED_SIGNALS_PROPERTY}) leave to run
 * @param selection what the selection parameters select, for a message: "any moment and signals SIGTERM"
 * @since 0.1
 */
public record ScenarioPlan(List<String> all, List<String> selected, String selection) {

    public ScenarioPlan {
        all = List.copyOf(all);
        selected = List.copyOf(selected);
    }

    /**
     * The plan of {@code scenarios} under {@code configuration}: its {@code @SignalTest} methods in their
     * {@link Order}, each with its invocations.
     *
     * @throws ExtensionConfigurationException when an annotation or a configuration parameter is misused, saying how
     */
    public static ScenarioPlan of(Class<?> scenarios, Map<String, String> configuration) {
        Function<String, Optional<String>> parameters = name -> Optional.ofNullable(configuration.get(name));
        Selection selection = Selection.of(parameters);
        List<Method> methods = Arrays.stream(scenarios.getDeclaredMethods())
                .filter(Scenario::isScenario)
                .sorted(Comparator.comparingInt(m -> m.getAnnotation(Order.class) == null
                        ? Integer.MAX_VALUE
                        : m.getAnnotation(Order.class).value()))
                .toList();
        List<String> all = new ArrayList<>();
        List<String> selected = new ArrayList<>();
        for (Method method : methods) {
            Scenario scenario = Scenario.of(method, parameters, Path.of("").toAbsolutePath());
            for (Invocation invocation : scenario.invocations()) {
                String name = method.getName() + " [" + invocation.displayName() + "]";
                all.add(name);
                if (selection.selects(invocation)) {
                    selected.add(name);
                }
            }
        }
        return new ScenarioPlan(all, selected, selection.describe());
    }
}
