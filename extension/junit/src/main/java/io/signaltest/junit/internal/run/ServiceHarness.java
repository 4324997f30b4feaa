package io.signaltest.junit.internal.run;

import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.process.ChildProcess;
import io.signaltest.junit.internal.process.OutputCapture;
import io.signaltest.junit.internal.process.Signals;
import io.signaltest.junit.internal.service.FreePort;
import io.signaltest.junit.internal.service.LiveExchange;
import io.signaltest.junit.internal.service.Readiness;
import io.signaltest.junit.internal.service.ServiceSide;
import io.signaltest.junit.internal.service.ServiceSpec;
import io.signaltest.junit.internal.service.Traffic;
import io.signaltest.junit.service.Exchange;
import io.signaltest.junit.service.ServiceMoment;
import io.signaltest.junit.service.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one invocation of a {@code @ServiceTest}, as an orchestrator stops a service, with the harness as its client:
 * starts the service on a free port ({@link Launch}), waits until it is ready, brings about the moment with requests of
 * its own, delivers the signal, sends new requests and readiness probes while the service drains, SIGKILLs it at the
 * end of the grace period, and ends the run ({@link RunEnd}). Each step waits for an event (an output line, an answer,
 * the exit) with a deadline that only ever fails the run; only the stream's requests go out at a fixed rate, as a load
 * balancer's would.
 */
public final class ServiceHarness {

    /** How often the stream of {@link ServiceMoment#STEADY_STREAM} sends a request. */
    static final long STREAM_EVERY_MILLIS = 50;
    /** How many of the stream's requests are answered before the signal goes out. */
    static final int STREAM_ANSWERED_BEFORE_SIGNAL = 3;
    /** How long a look for the service's closed listener may take. */
    private static final int LISTENER_LOOK_MILLIS = 200;

    private final LiveRun run;
    private final Consumer<ChildProcess> onStart;
    private final Waits waits;
    private final SignalDelivery signals;
    private final MomentWait moment;
    private final RunEnd end;
    private final ServiceSpec spec;

    private ServiceSide side;
    private final List<Traffic.Keeper> keepers = new ArrayList<>();
    private final List<LiveExchange> inFlight = new ArrayList<>();
    private boolean secondPairSent;
    private long lastListenerLook;

    /** @param onStart receives the child as soon as it runs (see {@link Harness}) */
    public ServiceHarness(Invocation invocation, RunDirectory files, Consumer<ChildProcess> onStart) {
        this.run = new LiveRun(invocation, files);
        this.onStart = onStart;
        this.waits = new Waits(run);
        this.signals = new SignalDelivery(run, waits);
        this.moment = new MomentWait(run, waits, signals);
        this.end = new RunEnd(run, waits, moment);
        this.spec = invocation
                .scenario()
                .service()
                .orElseThrow(() -> new IllegalArgumentException("not a @ServiceTest: " + invocation.displayName()));
    }

    /**
     * Runs the invocation to the service's exit.
     *
     * @throws HarnessFailure when the run did not go as the scenario requires
     */
    public RecordedServiceRun run() {
        try {
            int port = FreePort.pick();
            side = new ServiceSide(spec, port, run.progress::changed);
            run.service = side;
            run.placeholders = Map.of(ServiceTest.PORT_PLACEHOLDER, Integer.toString(port));
            Launch.start(run, onStart);
            for (OutputCapture capture : List.of(run.child.stdout(), run.child.stderr())) {
                capture.watch(line -> side.line(line, run.progress::changed));
            }
            awaitReady();
            reach();
            awaitExitWithinGrace();
            awaitTraffic();
            return (RecordedServiceRun) end.finish(null);
        } catch (RunFailure failure) {
            return (RecordedServiceRun) end.finish(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return (RecordedServiceRun) end.finish(RunFailures.interrupted());
        } finally {
            if (side != null) {
                side.close();
            }
            if (run.child != null) {
                run.child.close();
            }
            run.log.close();
        }
    }

    private void awaitReady() throws InterruptedException {
        long timeout = spec.readyTimeoutMillis();
        if (waits.await(side::checkReady, timeout, false)) {
            return;
        }
        if (!run.child.isAlive()) {
            waits.exited();
            throw ServiceFailures.exitedBeforeReady(run, side);
        }
        throw ServiceFailures.notReady(run, side, timeout);
    }

    /** Brings about the moment and delivers the signal (both, at {@link ServiceMoment#DURING_DRAIN}). */
    private void reach() throws InterruptedException {
        long quick = spec.answerWithinMillis() + spec.newRequest().expectedMillis();
        keepers.add(side.traffic().keeper(spec.newRequest(), quick));
        keepers.add(side.traffic().keeper(spec.newRequest(), quick));
        awaitWarmUps(quick);
        MomentTarget target = run.invocation.moment();
        if (target instanceof MomentTarget.OutputLine) {
            moment.reach();
            signal();
            return;
        }
        ServiceMoment at = ((MomentTarget.Service) target).moment();
        switch (at) {
            case IDLE -> run.momentNanos = System.nanoTime();
            case IN_FLIGHT, DURING_DRAIN -> holdInFlight();
            case STEADY_STREAM -> startStream(quick);
        }
        signal();
        if (at == ServiceMoment.DURING_DRAIN) {
            awaitDrain();
            signals.send();
            run.testedSent++;
        }
    }

    private void awaitWarmUps(long timeoutMillis) throws InterruptedException {
        List<LiveExchange> warmUps =
                keepers.stream().map(Traffic.Keeper::warmUp).toList();
        boolean ended = waits.await(() -> keepers.stream().allMatch(Traffic.Keeper::settled), timeoutMillis, false);
        checkAlive("answering its first requests");
        for (LiveExchange warmUp : warmUps) {
            if (!ended
                    || !warmUp.answered()
                    || warmUp.fact().status() != spec.newRequest().status()) {
                throw ServiceFailures.warmUpFailed(run, side, warmUp);
            }
        }
    }

    private void holdInFlight() throws InterruptedException {
        long timeout = spec.graceMillis()
                + run.scenario.momentTimeoutMillis()
                + spec.request().expectedMillis();
        for (int i = 0; i < spec.request().count(); i++) {
            inFlight.add(side.traffic().sendNew(spec.request(), Exchange.Role.IN_FLIGHT, timeout));
        }
        int wanted = inFlight.size();
        int status = spec.request().status();
        // A request may end with its normal answer before the sign of its handler: one that starts work in the
        // background (an @Async job) and answers 202, whose sign is the line of that work.
        boolean held = waits.await(
                () -> side.evidence().inHandlers(inFlight) >= wanted
                        || inFlight.stream().anyMatch(e -> e.hasEnded() && !e.answeredWith(status)),
                run.scenario.momentTimeoutMillis(),
                false);
        checkAlive("holding " + wanted + " request" + (wanted == 1 ? "" : "s") + " in its handlers");
        for (LiveExchange exchange : inFlight) {
            if (exchange.hasEnded() && !exchange.answeredWith(status)) {
                throw ServiceFailures.inFlightEndedEarly(
                        run, exchange, "before all " + wanted + " were in the service's handlers");
            }
        }
        if (!held) {
            throw ServiceFailures.notInHandlers(run, side, inFlight);
        }
        run.momentNanos = System.nanoTime();
        if (inFlight.stream().allMatch(LiveExchange::hasEnded)) {
            run.warnings.add("every request of `request` (" + spec.request().describe() + ") was answered before "
                    + "the signal: the scenario holds the work they started (shown by inHandlerOutput), not "
                    + "requests in flight; if they are meant to be in flight at the signal, make them slower");
        }
    }

    private void startStream(long timeoutMillis) throws InterruptedException {
        side.traffic().startStream(spec.newRequest(), STREAM_EVERY_MILLIS, timeoutMillis);
        boolean flowing = waits.await(
                () -> side.exchanges(Exchange.Role.STREAM).stream()
                                .filter(LiveExchange::answered)
                                .count()
                        >= STREAM_ANSWERED_BEFORE_SIGNAL,
                run.scenario.momentTimeoutMillis(),
                false);
        checkAlive("answering a stream of requests");
        if (!flowing) {
            throw ServiceFailures.streamNotAnswered(run, side);
        }
        run.momentNanos = System.nanoTime();
    }

    /** The first signal, then the first requests after it and the start of the readiness probes' count. */
    private void signal() {
        signals.send();
        run.testedSent++;
        long sent = run.sentNanos.get(0);
        side.readiness().ifPresent(r -> r.countFrom(sent));
        sendAfterSignal(0);
    }

    /** One request on a new connection and one on the connection of keeper {@code k}. */
    private void sendAfterSignal(int k) {
        long timeout = spec.answerWithinMillis() + spec.newRequest().expectedMillis();
        Traffic traffic = side.traffic();
        traffic.sendNew(spec.newRequest(), Exchange.Role.AFTER_SIGNAL, timeout);
        traffic.sendKeptAlive(keepers.get(k), spec.newRequest(), timeout);
    }

    /** Waits until the service shows that it drains: readiness not ready, or its listener closed. */
    private void awaitDrain() throws InterruptedException {
        boolean shown = waits.await(
                () -> drainShown() || inFlight.stream().anyMatch(LiveExchange::hasEnded),
                run.scenario.momentTimeoutMillis(),
                false);
        checkAlive("showing that it drains");
        endedEarly("before the service showed that it drains, where the second signal was to go");
        if (!shown) {
            throw ServiceFailures.drainNotShown(run, side);
        }
    }

    private boolean drainShown() {
        if (side.readiness().isPresent()) {
            Readiness readiness = side.readiness().get();
            readiness.tick();
            return readiness.firstNotReady() != null;
        }
        long now = System.nanoTime();
        if (now - lastListenerLook < TimeUnit.MILLISECONDS.toNanos(Readiness.EVERY_MILLIS)) {
            return false;
        }
        lastListenerLook = now;
        return side.traffic().refusesConnections(LISTENER_LOOK_MILLIS);
    }

    /**
     * Waits for the exit until the grace period, counted from the first signal, runs out, probing readiness and, once
     * it turns, sending the second pair of new requests; then SIGKILLs a service that is still running.
     */
    private void awaitExitWithinGrace() throws InterruptedException {
        long graceEnd = run.sentNanos.get(0) + TimeUnit.MILLISECONDS.toNanos(spec.graceMillis());
        long left = TimeUnit.NANOSECONDS.toMillis(graceEnd - System.nanoTime());
        waits.await(this::whileDraining, Math.max(0, left), false);
        side.traffic().stopStream();
        if (run.child.isAlive()) {
            Signals.send("KILL", run.child.pid(), false);
            side.killedAfterGrace();
            waits.await(() -> false, run.scenario.exitTimeoutMillis(), true);
            if (run.child.isAlive()) {
                throw RunFailures.hangsAfterSignal(run);
            }
        }
    }

    /** One look while the service drains; never the end of the wait, which is the exit or the grace's end. */
    private boolean whileDraining() {
        if (!run.child.isAlive()) {
            side.traffic().stopStream();
            return false;
        }
        side.readiness().ifPresent(Readiness::tick);
        if (!secondPairSent
                && side.readiness().map(r -> r.firstNotReady() != null).orElse(false)) {
            secondPairSent = true;
            sendAfterSignal(1);
        }
        return false;
    }

    /**
     * After the exit: waits for the requests still under way to end, as they do once the service's connections are
     * gone; the longest a request may wait for its answer bounds the wait.
     */
    private void awaitTraffic() throws InterruptedException {
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(
                        spec.answerWithinMillis() + spec.newRequest().expectedMillis());
        while (!side.traffic().allEnded() && System.nanoTime() < deadline) {
            run.progress.await(TimeUnit.MILLISECONDS.toNanos(Waits.POLL_MILLIS));
        }
    }

    private void checkAlive(String doing) {
        if (!run.child.isAlive()) {
            waits.exited();
            throw ServiceFailures.exitedBeforeMoment(run, doing);
        }
    }

    private void endedEarly(String when) {
        for (LiveExchange exchange : inFlight) {
            if (exchange.hasEnded() && !exchange.answeredWith(spec.request().status())) {
                throw ServiceFailures.inFlightEndedEarly(run, exchange, when);
            }
        }
    }
}
