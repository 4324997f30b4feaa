package io.signaltest.junit.internal.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One of a scenario's argument sets ({@code @SignalTest(argSets = ...)}): arguments added after the scenario's own, and
 * the name that tells its invocations apart.
 */
public record ArgumentSet(String name, List<String> args) {

    /** No argument set: the scenario's arguments alone, and no name. */
    public static final ArgumentSet NONE = new ArgumentSet("", List.of());

    public ArgumentSet {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
    }

    /** {@code command} followed by these arguments. */
    public List<String> appendTo(List<String> command) {
        if (args.isEmpty()) {
            return command;
        }
        List<String> all = new ArrayList<>(command);
        all.addAll(args);
        return all;
    }
}
