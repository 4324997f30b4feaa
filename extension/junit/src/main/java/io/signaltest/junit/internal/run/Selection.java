package io.signaltest.junit.internal.run;

import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.service.ServiceMoment;
import io.signaltest.runtime.Moment;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Which invocations of a {@code @SignalTest} matrix run, as the configuration parameters
 * {@value SignalTest#SELECTED_MOMENTS_PROPERTY} and {@value SignalTest#SELECTED_SIGNALS_PROPERTY} choose them; without
 * them, all run. This is how one scenario class is run in part, for example by the console runner's {@code --moment}
 * and {@code --signal}.
 */
public record Selection(Set<String> moments, Set<Signal> signals) {

    public Selection {
        moments = Set.copyOf(moments);
        signals = Set.copyOf(signals);
    }

    public static Selection of(Function<String, Optional<String>> configuration) {
        Set<String> moments = new LinkedHashSet<>();
        for (String name : words(configuration, SignalTest.SELECTED_MOMENTS_PROPERTY)) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (Arrays.stream(Moment.values()).noneMatch(m -> m.name().equals(upper))
                    && Arrays.stream(ServiceMoment.values())
                            .noneMatch(m -> m.name().equals(upper))) {
                throw new ExtensionConfigurationException("The configuration parameter "
                        + SignalTest.SELECTED_MOMENTS_PROPERTY + " names the moment \"" + name
                        + "\", which does not exist: "
                        + "use names of " + Arrays.toString(Moment.values()) + " (for a @SignalTest) or "
                        + Arrays.toString(ServiceMoment.values()) + " (for a @ServiceTest), separated by commas.");
            }
            moments.add(upper);
        }
        Set<Signal> signals = new LinkedHashSet<>();
        for (String name : words(configuration, SignalTest.SELECTED_SIGNALS_PROPERTY)) {
            String upper = name.toUpperCase(Locale.ROOT);
            String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
            Signal signal = Arrays.stream(Signal.values())
                    .filter(s -> s.name().equals(bare))
                    .findFirst()
                    .orElseThrow(() -> new ExtensionConfigurationException("The configuration parameter "
                            + SignalTest.SELECTED_SIGNALS_PROPERTY + " names the signal \"" + name
                            + "\", which signaltest does not deliver: use INT, TERM or HUP, separated by commas."));
            signals.add(signal);
        }
        return new Selection(moments, signals);
    }

    /** True when neither parameter is set: every invocation runs. */
    public boolean all() {
        return moments.isEmpty() && signals.isEmpty();
    }

    public boolean selects(Invocation invocation) {
        return (moments.isEmpty() || moments.contains(invocation.moment().displayName()))
                && (signals.isEmpty() || signals.contains(invocation.signal()));
    }

    /** For a message: what is selected. */
    public String describe() {
        String m = moments.isEmpty()
                ? "any moment"
                : "moments " + String.join(", ", moments.stream().sorted().toList());
        String s = signals.isEmpty()
                ? "any signal"
                : "signals "
                        + signals.stream().map(Signal::displayName).sorted().collect(Collectors.joining(", "));
        return m + " and " + s;
    }

    private static Set<String> words(Function<String, Optional<String>> configuration, String property) {
        return configuration
                .apply(property)
                .map(v -> Arrays.stream(v.split("[,\\s]+"))
                        .map(String::strip)
                        .filter(w -> !w.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new)))
                .orElse(new LinkedHashSet<>());
    }
}
