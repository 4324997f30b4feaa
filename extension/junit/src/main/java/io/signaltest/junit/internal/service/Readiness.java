package io.signaltest.junit.internal.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The probes of a service's readiness URL, as an orchestrator sends them: one at a time, each through the same client
 * (so on a kept-alive connection while the service keeps it), at most one every {@value #EVERY_MILLIS} ms. Ready is a
 * 2xx answer; anything else (another status, a refused or closed connection, no answer within {@value #TIMEOUT_MILLIS}
 * ms) is not ready.
 */
public final class Readiness {

    public static final long EVERY_MILLIS = 20;
    static final long TIMEOUT_MILLIS = 2_000;

    /** One probe's answer. */
    public record Probe(long sentNanos, long endedNanos, boolean ready, String answer) {}

    private final HttpClient client;
    private final URI uri;
    private final Runnable onChange;
    private CompletableFuture<Probe> running;
    private boolean sentAny;
    private long lastSentNanos;
    private volatile Probe last;
    private long countingFromNanos = Long.MAX_VALUE;
    private int counted;
    private Probe firstNotReady;

    /** @param onChange called when a probe ends, to wake the harness's wait */
    public Readiness(HttpClient client, URI uri, Runnable onChange) {
        this.client = client;
        this.uri = uri;
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
        if ((running == null || running.isDone()) && (!sentAny || now - lastSentNanos >= EVERY_MILLIS * 1_000_000)) {
            sentAny = true;
            lastSentNanos = now;
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMillis(TIMEOUT_MILLIS))
                    .GET()
                    .build();
            running = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> ended(now, response, error));
        }
        return last;
    }

    /** Whether the last probe that ended saw the service ready. */
    public boolean ready() {
        Probe probe = last;
        return probe != null && probe.ready();
    }

    /** From now on, counts the probes that leave, and keeps the first that sees the service not ready. */
    public synchronized void countFrom(long nanos) {
        countingFromNanos = nanos;
        counted = 0;
        firstNotReady = null;
    }

    /** The first probe sent since {@link #countFrom(long)} that saw the service not ready, or null. */
    public synchronized Probe firstNotReady() {
        return firstNotReady;
    }

    /** How many probes have ended since {@link #countFrom(long)}. */
    public synchronized int counted() {
        return counted;
    }

    private Probe ended(long sent, HttpResponse<Void> response, Throwable error) {
        long now = System.nanoTime();
        Probe probe;
        if (response != null) {
            int status = response.statusCode();
            probe = new Probe(sent, now, status >= 200 && status < 300, Integer.toString(status));
        } else {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            IOException io = cause instanceof IOException e ? e : new IOException(cause);
            probe = new Probe(
                    sent,
                    now,
                    false,
                    Traffic.outcome(io, false)
                            .name()
                            .toLowerCase(java.util.Locale.ROOT)
                            .replace('_', ' '));
        }
        synchronized (this) {
            last = probe;
            if (sent >= countingFromNanos) {
                counted++;
                if (!probe.ready() && firstNotReady == null) {
                    firstNotReady = probe;
                }
            }
        }
        onChange.run();
        return probe;
    }
}
