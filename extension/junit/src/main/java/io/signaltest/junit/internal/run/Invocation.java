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
     * The value of {@code SIGNALTEST_HOLD}: the moment's holds, then one {@code DURING_CLEANUP} for each further signal
     * of a runtime moment, so that every repeated signal lands while a cleanup is held in progress (see
     * {@link #repeatHoldsBefore(int)}).
     */
    public String holds() {
        String holds = moment.holds();
        if (!(moment instanceof MomentTarget.RuntimeMoment) || scenario.repeat() == 1) {
            return holds;
        }
        return holds + ",DURING_CLEANUP".repeat(scenario.repeat() - 1);
    }

    /**
     * How many {@code DURING_CLEANUP} holds the child reaches before the tested signal number {@code n} (1-based) is
     * due: the one of the moment itself, when it is {@code DURING_CLEANUP}, plus one for each tested signal after the
     * first.
     */
    public int repeatHoldsBefore(int n) {
        boolean duringCleanup = moment instanceof MomentTarget.RuntimeMoment runtime && runtime.duringCleanup();
        return (duringCleanup ? 1 : 0) + n - 1;
    }

    /**
     * "QUEUE_WAITING, SIGINT", or "QUEUE_WAITING, SIGINT x3" when several signals are delivered, preceded by the
     * argument set's name when there is one: "3 tasks, 2 slots: QUEUE_WAITING, SIGINT".
     */
    public String displayName() {
        String name = moment.displayName() + ", " + signal.displayName();
        name = scenario.repeat() > 1 ? name + " x" + scenario.repeat() : name;
        return arguments.name().isEmpty() ? name : arguments.name() + ": " + name;
    }
}
