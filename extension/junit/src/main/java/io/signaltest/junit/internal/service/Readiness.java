package io.signaltest.junit.internal.service;

import io.signaltest.junit.service.Exchange;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The probes of a service's readiness URL, as an orchestrator sends them: each {@code GET} on a new connection, one at
 * a time, at most one every {@value #EVERY_MILLIS} ms. Ready is a whole 2xx answer; anything else (another status, a
 * refused or closed connection, no answer within {@value #TIMEOUT_MILLIS} ms) is not ready.
 *
 * <p>After the signal, a service has {@value #TURN_WITHIN_MILLIS} ms to turn not ready (the time its runtime takes to
 * see the signal and start its shutdown; more on a busy machine); a probe sent later that still finds it ready is kept,
 * and the check holds it against the whole drain (see {@code ServiceRun.stillReadyWhileDraining()}).
 */
public final class Readiness {

    public static final long EVERY_MILLIS = 20;
    static final long TIMEOUT_MILLIS = 2_000;
    /** How long after the signal a draining service may still answer ready. */
    public static final long TURN_WITHIN_MILLIS = 1_000;

    /** One probe's answer. */
    public record Probe(long sentNanos, long endedNanos, boolean ready, String answer) {}

    private final Traffic traffic;
    private final URI uri;
    private final RequestSpec request;
    private final Runnable onChange;
    private boolean running;
    private boolean sentAny;
    private long lastSentNanos;
    private volatile Probe last;
    private long signalNanos = -1;
    private int counted;
    private Probe firstNotReady;
    private Probe lastReadyLate;

    /** @param onChange called when a probe ends, to wake the harness's wait */
    public Readiness(Traffic traffic, URI uri, Runnable onChange) {
        this.traffic = traffic;
        this.uri = uri;
        String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        this.request = new RequestSpec(
                "GET", uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery(), "", List.of(), 1, 200, 0);
        this.onChange = onChange;
    }

    public URI uri() {
        return uri;
    }

    /**
     * Sends a probe unless one is under way or the last left less than {@value #EVERY_MILLIS} ms ago; never blocks.
     * Returns the last probe's answer, or null before the first has ended.
     */
    public synchronized Probe tick() {
        long now = System.nanoTime();
        if (!running && (!sentAny || now - lastSentNanos >= TimeUnit.MILLISECONDS.toNanos(EVERY_MILLIS))) {
            running = true;
            sentAny = true;
            lastSentNanos = now;
            traffic.probe(uri.getHost(), port(uri), request, TIMEOUT_MILLIS, exchange -> ended(now, exchange));
        }
        return last;
    }

    /** Whether the last probe that ended saw the service ready. */
    public boolean ready() {
        Probe probe = last;
        return probe != null && probe.ready();
    }

    /** From now on, counts the probes that leave, as probes after the signal sent at {@code nanos}. */
    public synchronized void countFrom(long nanos) {
        signalNanos = nanos;
        counted = 0;
        firstNotReady = null;
        lastReadyLate = null;
    }

    /** The first probe sent after the signal that saw the service not ready, or null. */
    public synchronized Probe firstNotReady() {
        return firstNotReady;
    }

    /**
     * The last probe sent more than {@value #TURN_WITHIN_MILLIS} ms after the signal that still saw the service ready,
     * or null.
     */
    public synchronized Probe lastReadyLate() {
        return lastReadyLate;
    }

    /** How many probes sent after the signal have ended. */
    public synchronized int counted() {
        return counted;
    }

    private void ended(long sent, LiveExchange exchange) {
        var fact = exchange.fact();
        boolean ready = fact.outcome() == Exchange.Outcome.ANSWERED && fact.status() >= 200 && fact.status() < 300;
        String answer = fact.outcome() == Exchange.Outcome.ANSWERED || fact.outcome() == Exchange.Outcome.CUT_OFF
                ? Integer.toString(fact.status())
                : fact.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        Probe probe = new Probe(sent, System.nanoTime(), ready, answer);
        synchronized (this) {
            running = false;
            last = probe;
            if (signalNanos >= 0 && sent >= signalNanos) {
                counted++;
                if (!ready && firstNotReady == null) {
                    firstNotReady = probe;
                }
                if (ready && sent - signalNanos > TimeUnit.MILLISECONDS.toNanos(TURN_WITHIN_MILLIS)) {
                    lastReadyLate = probe;
                }
            }
        }
        onChange.run();
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : 80;
    }
}
