package io.signaltest.junit.internal.service;

import io.signaltest.junit.service.Exchange;
import io.signaltest.junit.service.ServiceTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness as the service's client: it sends requests with the JDK's {@link HttpClient} over HTTP/1.1 on
 * {@code localhost}, each named by its {@value ServiceTest#REQUEST_ID_HEADER}, and records how each ends as the client
 * sees it: the whole answer, an answer cut off, a connection closed before any answer, a refusal, or no answer in time.
 *
 * <h2>New and kept-alive connections</h2>
 *
 * The JDK's client keeps connections alive and reuses them, and does not say which one a request took. So the
 * connection is chosen by construction: a request "on a new connection" goes through a client of its own, which has no
 * connection yet; a request "on a kept-alive connection" goes through a {@linkplain #keeper() keeper}, a client that
 * has carried exactly one earlier request, whose connection it reuses. If the service closed that connection, the JDK's
 * client retries an idempotent request once on a new connection (HTTP/1.1 allows it); the exchange then ends as that
 * new connection did.
 */
public final class Traffic implements AutoCloseable {

    /** How long a connection may take to be accepted; a listener that never accepts gives no answer. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Runnable onChange;
    private final ExecutorService senders = Executors.newCachedThreadPool(daemons("signaltest-request-"));
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(daemons("signaltest-traffic-timer-"));
    private final List<LiveExchange> exchanges = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> numbers = new ConcurrentHashMap<>();
    private final List<HttpClient> clients = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> stream;

    /** @param onChange called whenever an exchange ends, to wake the harness's wait */
    public Traffic(int port, Runnable onChange) {
        this.port = port;
        this.onChange = onChange;
    }

    /** A client with no connection yet: its first request goes on a new connection. */
    public HttpClient newClient() {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        clients.add(client);
        return client;
    }

    /**
     * A keeper: a client whose first request (sent now, as a {@link Exchange.Role#WARM_UP}) opens the connection that
     * its next request reuses.
     */
    public Keeper keeper(RequestSpec warmUp, long timeoutMillis) {
        HttpClient client = newClient();
        LiveExchange first = send(warmUp, Exchange.Role.WARM_UP, client, Exchange.Connection.NEW, timeoutMillis);
        return new Keeper(client, first);
    }

    /** A client that has carried one request, and the exchange of that request. */
    public record Keeper(HttpClient client, LiveExchange warmUp) {}

    /**
     * Sends {@code request} through {@code client} on a thread of its own, and returns the exchange at once.
     *
     * @param connection what the caller knows of the connection the client will use
     * @param timeoutMillis how long to wait for the status line, and then again for the body
     */
    public LiveExchange send(
            RequestSpec request,
            Exchange.Role role,
            HttpClient client,
            Exchange.Connection connection,
            long timeoutMillis) {
        String id = prefix(role, connection)
                + numbers.computeIfAbsent(prefix(role, connection), p -> new AtomicInteger())
                        .incrementAndGet();
        LiveExchange exchange = new LiveExchange(id, role, request, connection);
        exchanges.add(exchange);
        senders.execute(() -> exchange(exchange, client, timeoutMillis));
        return exchange;
    }

    /** Sends {@code request}, each on a new connection, every {@code everyMillis} until {@link #stopStream()}. */
    public void startStream(RequestSpec request, long everyMillis, long timeoutMillis) {
        stream = timer.scheduleAtFixedRate(
                () -> send(request, Exchange.Role.STREAM, newClient(), Exchange.Connection.NEW, timeoutMillis),
                0,
                everyMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Sends no further request of the stream. */
    public void stopStream() {
        ScheduledFuture<?> running = stream;
        if (running != null) {
            running.cancel(false);
        }
    }

    /** Every exchange so far, in the order they were sent. */
    public List<LiveExchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Whether every exchange has ended. */
    public boolean allEnded() {
        return exchanges.stream().allMatch(LiveExchange::hasEnded);
    }

    /**
     * Whether a new connection to the service's port is refused now: its listener is closed. Waits at most
     * {@code timeoutMillis} for the connection.
     */
    public boolean refusesConnections(int timeoutMillis) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("localhost", port), timeoutMillis);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    /** Schedules {@code task} after {@code delayMillis} on the traffic's timer. */
    public void schedule(Runnable task, long delayMillis) {
        timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the stream and the exchanges still under way (they end with no answer), and the clients. */
    @Override
    public void close() {
        stopStream();
        timer.shutdownNow();
        senders.shutdownNow();
        for (HttpClient client : clients) {
            if (client instanceof AutoCloseable closeable) { // JDK 21 and newer
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // the exchanges are over; a client that cannot close its selector is left to the collector
                }
            }
        }
    }

    private void exchange(LiveExchange exchange, HttpClient client, long timeoutMillis) {
        RequestSpec spec = exchange.request();
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(spec.uri(port))
                    .timeout(Duration.ofMillis(timeoutMillis))
                    .header(ServiceTest.REQUEST_ID_HEADER, exchange.id())
                    .method(
                            spec.method(),
                            spec.body().isEmpty()
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(spec.body()));
            for (String header : spec.headers()) {
                int colon = header.indexOf(':');
                builder.header(
                        header.substring(0, colon).trim(),
                        header.substring(colon + 1).trim());
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            exchange.end(System.nanoTime(), Exchange.Outcome.NO_ANSWER, "not sent: " + e.getMessage());
            onChange.run();
            return;
        }
        exchange.sent(System.nanoTime());
        boolean statusSeen = false;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            statusSeen = true;
            long expected =
                    response.headers().firstValueAsLong("content-length").orElse(-1);
            exchange.answered(System.nanoTime(), response.statusCode(), expected);
            onChange.run();
            readBody(exchange, response.body(), expected, timeoutMillis);
        } catch (IOException e) {
            exchange.end(System.nanoTime(), outcome(e, statusSeen), describe(e));
        } catch (InterruptedException e) {
            exchange.end(System.nanoTime(), Exchange.Outcome.NO_ANSWER, "the harness stopped waiting");
            Thread.currentThread().interrupt();
        } finally {
            onChange.run();
        }
    }

    private void readBody(LiveExchange exchange, InputStream body, long expected, long timeoutMillis)
            throws IOException {
        boolean[] stalled = {false};
        ScheduledFuture<?> watchdog = timer.schedule(
                () -> {
                    stalled[0] = true;
                    try {
                        body.close();
                    } catch (IOException ignored) {
                        // closing is how the read below is ended
                    }
                },
                timeoutMillis,
                TimeUnit.MILLISECONDS);
        byte[] buffer = new byte[8192];
        try (body) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                exchange.read(n);
            }
        } catch (IOException e) {
            if (stalled[0]) {
                exchange.end(
                        System.nanoTime(),
                        Exchange.Outcome.NO_ANSWER,
                        "the body stopped coming for " + timeoutMillis + " ms");
                return;
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
        if (stalled[0]) {
            exchange.end(
                    System.nanoTime(),
                    Exchange.Outcome.NO_ANSWER,
                    "the body stopped coming for " + timeoutMillis + " ms");
            return;
        }
        long read = exchange.bytes();
        if (expected >= 0 && read < expected) {
            exchange.end(System.nanoTime(), Exchange.Outcome.CUT_OFF, "the body ended early");
        } else {
            exchange.end(System.nanoTime(), Exchange.Outcome.ANSWERED, "");
        }
    }

    /** How an exchange that failed with {@code e} ended, from the client's side. */
    static Exchange.Outcome outcome(IOException e, boolean statusSeen) {
        if (statusSeen) {
            return Exchange.Outcome.CUT_OFF;
        }
        if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) {
            return Exchange.Outcome.NO_ANSWER;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return Exchange.Outcome.REFUSED;
            }
        }
        return Exchange.Outcome.CLOSED_BEFORE_ANSWER;
    }

    private static String describe(IOException e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
            String message = t.getMessage();
            String part = t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
            if (!parts.contains(part)) {
                parts.add(part);
            }
        }
        return String.join(", caused by ", parts);
    }

    private static String prefix(Exchange.Role role, Exchange.Connection connection) {
        return switch (role) {
            case WARM_UP -> "w";
            case IN_FLIGHT -> "f";
            case STREAM -> "s";
            case AFTER_SIGNAL -> connection == Exchange.Connection.NEW ? "n" : "k";
        };
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
