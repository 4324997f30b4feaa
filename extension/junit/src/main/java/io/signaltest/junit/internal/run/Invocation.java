package io.signaltest.junit.internal.run;

import io.signaltest.junit.Signal;
import java.util.Objects;

/** One run of a {@code @SignalTest} method: one argument set, one moment and one signal of its scenario. */
public record Invocation(Scenario scenario, ArgumentSet arguments, MomentTarget moment, Signal signal) {

    public Invocation {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(moment, "moment");
        Objects.requireNonNull(signal, "signal");
    }

    /** An invocation of a scenario without argument sets. */
    public Invocation(Scenario scenario, MomentTarget moment, Signal signal) {
        this(scenario, ArgumentSet.NONE, moment, signal);
    }

    /**
     * "QUEUE_WAITING, SIGINT", or "QUEUE_WAITING, SIGINT x3" when several signals are delivered,
     * preceded by the argument set's name when there is one: "3 tasks, 2 slots: QUEUE_WAITING, SIGINT".
     */
    public String displayName() {
        String name = moment.displayName() + ", " + signal.displayName();
        name = scenario.repeat() > 1 ? name + " x" + scenario.repeat() : name;
        return arguments.name().isEmpty() ? name : arguments.name() + ": " + name;
    }
}
