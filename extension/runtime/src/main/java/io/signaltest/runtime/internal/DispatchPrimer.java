package io.signaltest.runtime.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs the JVM's signal dispatch once at start, so that the first real signal does not pay for it.
 *
 * <p>HotSpot hands every signal to its "Signal Dispatcher" thread, which starts a new thread for the Java handler. The
 * first time this happens in a JVM, the code on that path runs for the first time (classes loaded and linked, call
 * sites resolved): on a 2-core machine that added about 0.8 ms between {@code kill} and the handler's first line,
 * against about 1 ms for every later signal. This class takes that cost at start-up instead, with a {@code SIGWINCH}
 * the process raises to itself, the one signal whose default action is to do nothing (a terminal sends it when its
 * window changes size), so nothing is disturbed if it arrives late or twice.
 *
 * <p>It leaves {@code SIGWINCH} as it was: when the program, or the JVM's launcher, already handles or ignores it, no
 * signal is raised at all; otherwise the default disposition is put back once the handler has run (or after
 * {@value #WAIT_MILLIS} ms, on a machine too busy to run it by then).
 */
final class DispatchPrimer {

    /** How long start-up waits for the priming handler at most; it takes about 1 ms. */
    static final long WAIT_MILLIS = 100;

    private static final String SIGNAL = "WINCH";

    private static final AtomicBoolean TRIED = new AtomicBoolean();

    private DispatchPrimer() {}

    /** {@link #prime()} the first time it is called in this JVM; nothing after that. */
    static void primeOnce() {
        if (TRIED.compareAndSet(false, true)) {
            prime();
        }
    }

    /**
     * Raises one {@code SIGWINCH} through a handler of its own and waits for it.
     *
     * @return whether the handler ran, that is, the dispatch path is primed
     */
    static boolean prime() {
        Signal winch;
        try {
            winch = new Signal(SIGNAL);
        } catch (IllegalArgumentException noSuchSignal) {
            return false; // not a POSIX system
        }
        CountDownLatch ran = new CountDownLatch(1);
        SignalHandler primer = s -> ran.countDown();
        SignalHandler before;
        try {
            before = Signal.handle(winch, primer);
        } catch (IllegalArgumentException reserved) {
            return false;
        }
        if (before != SignalHandler.SIG_DFL) {
            // Somebody else's: a handler of the program's, or the signal inherited as ignored (then the
            // JVM installed nothing and says SIG_IGN). Put it back and raise nothing.
            Signal.handle(winch, before);
            return false;
        }
        try {
            Signal.raise(winch);
            return ran.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IllegalArgumentException cannotRaise) {
            return false;
        } finally {
            Signal.handle(winch, SignalHandler.SIG_DFL);
        }
    }
}
