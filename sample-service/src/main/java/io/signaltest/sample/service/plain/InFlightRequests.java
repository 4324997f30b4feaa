package io.signaltest.sample.service.plain;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests inside handlers, counted so that a shutdown can wait for exactly those.
 *
 * <p>The JDK's {@code HttpServer.stop(delay)} cannot be that wait: it sits out its whole delay even when nothing is in
 * flight (JDK 17), keeps serving new requests on connections that were already open, and closes the connections of
 * requests still running when the delay is up. So the service counts its own requests, and once {@link #drain draining}
 * has begun it answers new ones with 503.
 */
final class InFlightRequests {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active;
    private boolean draining;

    /**
     * Counts a request in, unless draining has begun. Returns {@code false} then, and the caller answers 503 without
     * calling {@link #exit()}.
     */
    boolean tryEnter() {
        lock.lock();
        try {
            if (draining) {
                return false;
            }
            active++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts out a request that {@link #tryEnter()} counted in, once its answer is written. */
    void exit() {
        lock.lock();
        try {
            if (active == 0) {
                throw new IllegalStateException("exit() without a matching tryEnter()");
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
     * Refuses new requests from now on, then waits up to {@code timeout} for those in flight to finish. Returns whether
     * none is left.
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
