package io.signaltest.junit.internal.run;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.files.RunFacts;
import io.signaltest.junit.internal.process.ChildLauncher;
import io.signaltest.junit.internal.process.ChildProcess;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.process.Signals;
import io.signaltest.junit.internal.process.Supervisor;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

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
        this.run = new LiveRun(invocation, files);
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
            launch();
            moment.reach();
            signals.deliverAll();
            signals.awaitExit();
            return end.finish(null);
        } catch (RunFailure failure) {
            return end.finish(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return end.finish(RunFailures.interrupted());
        } finally {
            if (run.child != null) {
                run.child.close();
            }
            run.log.close();
        }
    }

    private void launch() {
        Signals.prepare(); // in the background, so that the signal does not wait for it later
        if (Platform.kill().isEmpty()) {
            throw new ExtensionConfigurationException("@SignalTest delivers signals with the kill program, which is "
                    + "not in /bin, /usr/bin or /usr/local/bin: install procps (or util-linux) on this machine.");
        }
        if (run.scenario.delivery() == Delivery.PROCESS_GROUP && !Supervisor.available()) {
            throw new ExtensionConfigurationException("@SignalTest `delivery = PROCESS_GROUP` starts the child through "
                    + "the setsid program, which is not in /bin, /usr/bin or /usr/local/bin: install util-linux, "
                    + "or use delivery = Delivery.PROCESS.");
        }
        ChildLauncher.Request request = ChildCommand.request(run.invocation, run.files, run.progress);
        run.startNanos = System.nanoTime();
        try {
            run.child = ChildLauncher.start(request);
        } catch (IOException e) {
            throw couldNotStart(request, e);
        }
        run.files.write(
                RunDirectory.COMMAND,
                String.join(System.lineSeparator(), run.child.command()) + System.lineSeparator());
        onStart.accept(run.child);
    }

    private HarnessFailure couldNotStart(ChildLauncher.Request request, IOException e) {
        String nl = System.lineSeparator();
        String message = "signaltest could not start the program under test: " + e.getMessage() + nl
                + "Expected it to start with: " + String.join(" ", request.program()) + nl
                + "What to do: check that the program exists and is executable, and the working directory "
                + run.scenario.workingDirectory().map(Object::toString).orElse("(this JVM's)") + ".";
        run.files.write(RunDirectory.REPORT, message + nl);
        String summary = "could not start the program under test: " + e.getMessage();
        new RunFacts(0, -1, run.signalName(), run.momentName(), run.startNanos, -1, List.of(), -1, -1, null, summary)
                .write(run.files);
        return new HarnessFailure(message, summary, HarnessFailure.Outcome.NOT_STARTED, null);
    }

    /** One line for the test report: what was sent where, and how the child ended. */
    public static String summary(RecordedRun run) {
        return RunEnd.summary(run);
    }
}
