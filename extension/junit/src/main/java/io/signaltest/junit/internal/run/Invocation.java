package io.signaltest.junit.internal.run;

import io.signaltest.junit.Signal;
import java.util.Objects;

/** One run of a {@code @SignalTest} method: one moment and one signal of its scenario. */
public record Invocation(Scenario scenario, MomentTarget moment, Signal signal) {

    public Invocation {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(moment, "moment");
        Objects.requireNonNull(signal, "signal");
    }

    /** "QUEUE_WAITING, SIGINT", or "QUEUE_WAITING, SIGINT x3" when several signals are delivered. */
    public String displayName() {
        String name = moment.displayName() + ", " + signal.displayName();
        return scenario.repeat() > 1 ? name + " x" + scenario.repeat() : name;
    }
}
