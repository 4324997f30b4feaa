package io.signaltest.junit.internal.run;

import io.signaltest.junit.Repetition;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.process.ChildProcess;
import java.util.function.Consumer;

/**
 * Runs one invocation of a {@code @SignalTest}: starts the child ({@link ChildCommand}), waits for the moment
 * ({@link MomentWait}), delivers the signal(s) ({@link SignalDelivery}), waits for the child to exit, and ends the run
 * ({@link RunEnd}). No step is paced by a sleep: each waits for an event (a log record, an output line, the exit,
 * {@link Waits}) and has a long deadline that only ever fails the run ({@link RunFailures}).
 *
 * <h2>The handshake with the signaltest runtime</h2>
 *
 * The harness arms the moment ({@code SIGNALTEST_HOLD}); the runtime logs a {@code moment} record on reaching it and
 * holds its state; the harness sees the record, sends the signal, and waits for the child to log
 * {@code signal_received} before sending the next one. For {@code DURING_CLEANUP}, a first signal at
 * {@code firstSignalAt} starts the cleanup, and the runtime holds at the first cleanup until the tested signal lands.
 */
public final class Harness {

    private final LiveRun run;
    private final Consumer<ChildProcess> onStart;
    private final Waits waits;
    private final SignalDelivery signals;
    private final MomentWait moment;
    private final RunEnd end;

    /**
     * @param onStart receives the child as soon as it runs, so that the caller can tie its lifetime to the test (the
     *     harness also kills it on every way out of {@link #run()})
     */
    public Harness(Invocation invocation, RunDirectory files, Consumer<ChildProcess> onStart) {
        this(invocation, null, files, onStart);
    }

    /**
     * @param repetition which run of a repeated scenario this is (its seed jitters the signals), or null for a scenario
     *     that runs once, at its moment
     */
    public Harness(Invocation invocation, Repetition repetition, RunDirectory files, Consumer<ChildProcess> onStart) {
        this.run = new LiveRun(invocation, files);
        run.repetition = repetition;
        this.onStart = onStart;
        this.waits = new Waits(run);
        this.signals = new SignalDelivery(run, waits);
        this.moment = new MomentWait(run, waits, signals);
        this.end = new RunEnd(run, waits, moment);
        signals.outputMoment(moment::matchedOutput);
    }

    /**
     * Runs the invocation to the child's exit.
     *
     * @throws HarnessFailure when the run did not go as the scenario requires
     */
    public RecordedRun run() {
        try {
            Launch.start(run, onStart);
            moment.reach();
            signals.deliverAll();
            signals.awaitExit();
            return (RecordedRun) end.finish(null);
        } catch (RunFailure failure) {
            return (RecordedRun) end.finish(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return (RecordedRun) end.finish(RunFailures.interrupted());
        } finally {
            if (run.child != null) {
                run.child.close();
            }
            run.log.close();
        }
    }

    /** One line for the test report: what was sent where, and how the child ended. */
    public static String summary(io.signaltest.junit.SignalRun run) {
        return RunEnd.summary(run);
    }
}
