package io.signaltest.sample.service.plain;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exchanges inside the service, counted so that a shutdown can wait for exactly those.
 *
 * <p>The JDK's {@code HttpServer.stop(delay)} cannot be that wait: it sits out its whole delay even when nothing is in
 * flight (JDK 17), keeps serving new requests on connections that were already open, and closes the connections of
 * requests still running when the delay is up. So the service counts its own exchanges, and every exchange gets one of
 * three {@link Admission admissions}: served while open, answered 503 while draining, and closed without an answer once
 * the drain is over. The 503 answers are counted like the requests served, so that the server is stopped only when the
 * last of them is written in full: a 503 cut off in the middle is worse for a client than a closed connection.
 */
final class InFlightRequests {

    /** What the service does with an exchange that has just arrived. */
    enum Admission {
        /** Serve it; call {@link #exit()} once its answer is written. */
        SERVE,
        /** Answer 503; call {@link #exit()} once that answer is written. */
        REFUSE,
        /** The server is about to stop: close the connection without an answer, and do not call {@link #exit()}. */
        CLOSE
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active;
    private boolean draining;
    private boolean drained;

    /** Counts an exchange in, unless the drain is over. */
    Admission enter() {
        lock.lock();
        try {
            if (drained) {
                return Admission.CLOSE;
            }
            active++;
            return draining ? Admission.REFUSE : Admission.SERVE;
        } finally {
            lock.unlock();
        }
    }

    /** Counts out an exchange that {@link #enter()} counted in, once its answer is written. */
    void exit() {
        lock.lock();
        try {
            if (active == 0) {
                throw new IllegalStateException("exit() without a matching enter()");
            }
            active--;
            if (active == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new requests from now on, then waits up to {@code timeout} for the exchanges in flight (served or
     * refused) to finish. Returns whether none is left; from then on, {@link #enter()} answers {@link Admission#CLOSE}.
     */
    boolean drain(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            draining = true;
            long remaining = timeout.toNanos();
            while (active > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            drained = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean draining() {
        lock.lock();
        try {
            return draining;
        } finally {
            lock.unlock();
        }
    }

    int active() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }
}
