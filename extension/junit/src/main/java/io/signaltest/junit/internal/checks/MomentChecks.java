package io.signaltest.junit.internal.checks;

import static io.signaltest.junit.internal.checks.CheckSupport.STATE_CHANGES;
import static io.signaltest.junit.internal.checks.CheckSupport.needsLog;
import static io.signaltest.junit.internal.checks.CheckSupport.state;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.LogRecord;
import io.signaltest.junit.Repetition;
import io.signaltest.junit.SignalRun;
import io.signaltest.runtime.Moment;
import io.signaltest.runtime.protocol.LogEvents;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The checks of the signals and the moment: how many signals the program received, and that the signal landed in the
 * state the moment names. Each is a plain function from a run to a {@link CheckVerdict}.
 */
public final class MomentChecks {

    private MomentChecks() {}

    // ------------------------------------------------------------------------------ signals and moments

    public static CheckVerdict receivedSignals(SignalRun run, int expected) {
        CheckVerdict v = CheckVerdict.expecting(
                "the program to have logged receiving " + expected + (expected == 1 ? " signal" : " signals"));
        if (!needsLog(run, v)) {
            return v;
        }
        List<LogRecord> signals = run.log().records(LogEvents.SIGNAL_RECEIVED);
        if (signals.size() != expected) {
            v.finding("the log records " + signals.size() + " signal_received, expected " + expected, signals);
            v.detail("the test sent " + run.signalsSent() + " " + run.signal().displayName());
        }
        return v;
    }

    public static CheckVerdict signalLandedAt(SignalRun run, Moment moment) {
        Objects.requireNonNull(moment, "moment must not be null");
        String m = moment.name();
        boolean jittered = run.repetition().map(Repetition::jittered).orElse(false);
        CheckVerdict v = CheckVerdict.expecting(
                jittered
                        ? "the signal to have landed after " + m + ", which the program reached and left on the "
                                + "harness's release (the run's jitter sends the signal later by design)"
                        : "the signal to have landed at " + m
                                + ", with no state change between reaching it and receiving the signal");
        if (!needsLog(run, v)) {
            return v;
        }
        CleanupLog log = run.log();
        Optional<LogRecord> reached = log.records(LogEvents.MOMENT).stream()
                .filter(r -> r.text("moment").map(m::equals).orElse(false))
                .findFirst();
        if (reached.isEmpty()) {
            Optional<LogRecord> missed = log.records(LogEvents.MOMENT_MISSED).stream()
                    .filter(r -> r.text("moment").map(m::equals).orElse(false))
                    .findFirst();
            if (missed.isPresent()) {
                v.finding(
                        "the program never reached " + m + ": "
                                + missed.get().text("detail").orElse(LogEvents.MOMENT_MISSED) + " (#"
                                + missed.get().seq() + ")",
                        missed.get());
            } else {
                List<String> others = log.records(LogEvents.MOMENT).stream()
                        .map(r -> r.text("moment").orElse("?"))
                        .collect(Collectors.toList());
                v.finding("the log has no moment record for " + m + " (moments reached: "
                        + (others.isEmpty() ? "none" : String.join(", ", others)) + "): the program never reached "
                        + "it, or the test did not arm it");
            }
            return v;
        }
        LogRecord at = reached.get();
        Optional<LogRecord> signal = log.after(at).stream()
                .filter(r -> r.is(LogEvents.SIGNAL_RECEIVED))
                .findFirst();
        long until = signal.map(LogRecord::seq).orElse(Long.MAX_VALUE);
        if (signal.isEmpty()) {
            v.finding("no signal was received after the program reached " + m + " at #" + at.seq(), at);
        }
        for (LogRecord r : log.after(at)) {
            if (jittered || r.seq() >= until) {
                break;
            }
            String landmark = "between reaching " + m + " (#" + at.seq() + ") and "
                    + signal.map(s -> "receiving the signal (#" + s.seq() + ")").orElse("the end of the log");
            if (STATE_CHANGES.contains(r.event())) {
                v.finding(
                        r.event()
                                + (r.task().isPresent() ? " of task " + r.task().getAsInt() : "") + " at #" + r.seq()
                                + " came " + landmark,
                        at,
                        r,
                        signal.orElse(null));
            } else if (r.is(LogEvents.HOLD_RELEASED)) {
                v.finding(
                        "the hold at " + m + " was released at #" + r.seq() + " (reason "
                                + r.text("reason").orElse("?") + ") before the signal was received"
                                + r.text("detail").map(d -> ": " + d).orElse(""),
                        at,
                        r);
            }
        }
        stateMismatch(moment, at).ifPresent(text -> v.finding(text, at));
        v.detail("state at " + m + " (#" + at.seq() + "): " + state(at), at, signal.orElse(null));
        v.hint("the runtime holds every state change at an armed moment until the signal is logged; a state "
                + "change in between means the hold was not honoured, or was released (for example by its deadline)");
        return v;
    }

    /** When the state in a moment record contradicts the moment's definition, what is wrong. */
    private static Optional<String> stateMismatch(Moment moment, LogRecord at) {
        OptionalLong max = at.number("max_concurrent");
        OptionalLong queued = at.number("queued");
        OptionalLong running = at.number("running");
        OptionalLong inCleanup = at.number("in_cleanup");
        OptionalLong occupied = at.number("occupied_slots");
        if (occupied.isEmpty() && running.isPresent() && inCleanup.isPresent()) {
            occupied = OptionalLong.of(running.getAsLong() + inCleanup.getAsLong());
        }
        boolean ok;
        String means;
        switch (moment) {
            case BEFORE_START:
                ok = occupied.isEmpty() || occupied.getAsLong() == 0;
                means = "no task started";
                break;
            case BELOW_LIMIT:
                ok = occupied.isEmpty()
                        || max.isEmpty()
                        || queued.isEmpty()
                        || (occupied.getAsLong() > 0
                                && occupied.getAsLong() < max.getAsLong()
                                && queued.getAsLong() == 0);
                means = "some slots busy, some free, nothing queued";
                break;
            case ALL_SLOTS_FULL:
                ok = occupied.isEmpty()
                        || max.isEmpty()
                        || queued.isEmpty()
                        || (occupied.getAsLong() == max.getAsLong() && queued.getAsLong() == 0);
                means = "every slot busy, nothing queued";
                break;
            case QUEUE_WAITING:
                ok = occupied.isEmpty()
                        || max.isEmpty()
                        || queued.isEmpty()
                        || (occupied.getAsLong() == max.getAsLong() && queued.getAsLong() > 0);
                means = "every slot busy and at least one task waiting";
                break;
            case DURING_CLEANUP:
                ok = inCleanup.isEmpty() || inCleanup.getAsLong() > 0;
                means = "a cleanup in progress";
                break;
            default:
                return Optional.empty();
        }
        return ok
                ? Optional.empty()
                : Optional.of("the moment record (#" + at.seq() + ") says " + moment.name() + " (" + means
                        + "), but its state does not match: " + state(at));
    }
}
