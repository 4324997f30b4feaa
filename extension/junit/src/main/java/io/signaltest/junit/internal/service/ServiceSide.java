package io.signaltest.junit.internal.service;

import io.signaltest.junit.internal.files.ServiceFacts;
import io.signaltest.junit.service.Exchange;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The service's side of one run while it happens: its port, the harness's traffic to it, the probes of its readiness,
 * and the signs of requests in its handlers; and what the harness saw of its end (the grace period, the port).
 */
public final class ServiceSide implements AutoCloseable {

    private final ServiceSpec spec;
    private final int port;
    private final Traffic traffic;
    private final HandlerEvidence evidence;
    private final Optional<Readiness> readiness;
    private volatile boolean readyLineSeen;
    private volatile long readyNanos = -1;
    private volatile boolean killedAfterGrace;
    private volatile boolean portFree = true;

    public ServiceSide(ServiceSpec spec, int port, Runnable onChange) {
        this.spec = spec;
        this.port = port;
        this.traffic = new Traffic(port, onChange);
        this.evidence = new HandlerEvidence(spec.inHandlerOutput(), onChange);
        Optional<URI> uri = spec.readyUri(port);
        this.readiness = uri.map(u -> new Readiness(traffic, u, onChange));
    }

    public ServiceSpec spec() {
        return spec;
    }

    public int port() {
        return port;
    }

    public Traffic traffic() {
        return traffic;
    }

    public HandlerEvidence evidence() {
        return evidence;
    }

    public Optional<Readiness> readiness() {
        return readiness;
    }

    /** One line of the service's output: a sign of readiness, or of a request in a handler. */
    public void line(String text, Runnable onChange) {
        Optional<Pattern> ready = spec.readyOutput();
        if (!readyLineSeen && ready.isPresent() && ready.get().matcher(text).find()) {
            readyLineSeen = true;
            onChange.run();
        }
        evidence.line(text);
    }

    /** Whether the service has shown every sign of readiness the test asks for; probes its URL if it has not. */
    public boolean checkReady() {
        boolean lineReady = spec.readyOutput().isEmpty() || readyLineSeen;
        boolean urlReady = readiness
                .map(r -> {
                    r.tick();
                    return r.ready();
                })
                .orElse(true);
        if (lineReady && urlReady && readyNanos < 0) {
            readyNanos = System.nanoTime();
        }
        return readyNanos >= 0;
    }

    /** Whether the test waits for a line of output (and no URL) to call the service ready. */
    public boolean readyByLineOnly() {
        return readiness.isEmpty();
    }

    public boolean readyLineSeen() {
        return readyLineSeen;
    }

    public void killedAfterGrace() {
        killedAfterGrace = true;
    }

    public boolean wasKilledAfterGrace() {
        return killedAfterGrace;
    }

    /** Notes whether the port is free, as the process has just exited. */
    public void checkPortAtExit() {
        portFree = FreePort.isFree(port);
    }

    /** What the harness saw of the service, for the run's facts. */
    public ServiceFacts facts() {
        evidence.inHandlers(traffic.exchanges()); // marks the signs that came on the requests they name
        Readiness.Probe notReady = readiness.map(Readiness::firstNotReady).orElse(null);
        Readiness.Probe readyLate = readiness.map(Readiness::lastReadyLate).orElse(null);
        return new ServiceFacts(
                port,
                readyNanos,
                notReady == null ? -1 : notReady.endedNanos(),
                readyLate == null ? -1 : readyLate.sentNanos(),
                readiness.map(Readiness::counted).orElse(0),
                spec.graceMillis(),
                killedAfterGrace,
                portFree,
                traffic.exchanges().stream().map(LiveExchange::fact).toList());
    }

    /** Exchanges of {@code role} so far. */
    public java.util.List<LiveExchange> exchanges(Exchange.Role role) {
        return traffic.exchanges().stream().filter(e -> e.role() == role).toList();
    }

    @Override
    public void close() {
        traffic.close();
    }
}
