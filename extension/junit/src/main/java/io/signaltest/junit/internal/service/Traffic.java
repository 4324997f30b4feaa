package io.signaltest.junit.internal.service;

import io.signaltest.junit.service.Exchange;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * The harness as the service's client: it sends requests over HTTP/1.1 on {@code localhost} ({@link Http11}), each on a
 * thread of its own and named by its {@code X-Request-Id}, and records how each ends as the client sees it.
 *
 * <h2>New and kept-alive connections</h2>
 *
 * A request "on a new connection" opens one for itself, and closes it after its answer. A {@linkplain Keeper keeper} is
 * a connection opened before the signal by a warm-up request, and kept open; a request "on a kept-alive connection"
 * goes on a keeper's connection, as a client that reuses its connections sends it. Nothing retries: what a request met
 * is what its exchange says.
 */
public final class Traffic implements AutoCloseable {

    /** How long a connection may take to be accepted; a listener that never accepts gives no answer. */
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final String host;
    private final int port;
    private final Runnable onChange;
    private final ExecutorService senders = Executors.newCachedThreadPool(daemons("signaltest-request-"));
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(daemons("signaltest-traffic-timer-"));
    private final List<LiveExchange> exchanges = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> numbers = new ConcurrentHashMap<>();
    private final List<Http11> open = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> stream;

    /** @param onChange called whenever an exchange ends, to wake the harness's wait */
    public Traffic(int port, Runnable onChange) {
        this("localhost", port, onChange);
    }

    Traffic(String host, int port, Runnable onChange) {
        this.host = host;
        this.port = port;
        this.onChange = onChange;
    }

    /** A connection opened before the signal by its warm-up request, kept open for a later request. */
    public static final class Keeper {
        private final LiveExchange warmUp;
        private final CompletableFuture<Optional<Http11>> connection = new CompletableFuture<>();

        private Keeper(LiveExchange warmUp) {
            this.warmUp = warmUp;
        }

        public LiveExchange warmUp() {
            return warmUp;
        }

        /** Whether the warm-up is over, and the connection kept or given up. */
        public boolean settled() {
            return connection.isDone();
        }
    }

    /** Opens a keeper: sends {@code warmUp} on a new connection, which stays open if the answer allows it. */
    public Keeper keeper(RequestSpec warmUp, long timeoutMillis) {
        Keeper keeper = new Keeper(exchange(Exchange.Role.WARM_UP, Exchange.Connection.NEW, warmUp));
        senders.execute(() -> {
            Optional<Http11> connection = connectAndSend(keeper.warmUp, timeoutMillis);
            keeper.connection.complete(connection.filter(Http11::reusable));
            connection.filter(c -> !c.reusable()).ifPresent(Http11::close);
            onChange.run();
        });
        return keeper;
    }

    /** Sends {@code request} on a new connection of its own, and returns its exchange at once. */
    public LiveExchange sendNew(RequestSpec request, Exchange.Role role, long timeoutMillis) {
        LiveExchange exchange = exchange(role, Exchange.Connection.NEW, request);
        senders.execute(() -> {
            connectAndSend(exchange, timeoutMillis).ifPresent(Http11::close);
            onChange.run();
        });
        return exchange;
    }

    /**
     * Sends {@code request} on {@code keeper}'s connection, and returns its exchange at once; empty when the keeper has
     * no connection to reuse (its warm-up failed, or its answer closed the connection).
     */
    public Optional<LiveExchange> sendKeptAlive(Keeper keeper, RequestSpec request, long timeoutMillis) {
        Optional<Http11> connection = keeper.connection.getNow(Optional.empty());
        if (connection.isEmpty()) {
            return Optional.empty();
        }
        LiveExchange exchange = exchange(Exchange.Role.AFTER_SIGNAL, Exchange.Connection.KEPT_ALIVE, request);
        senders.execute(() -> {
            connection.get().exchange(exchange, request, timeoutMillis);
            connection.get().close();
            onChange.run();
        });
        return Optional.of(exchange);
    }

    /** Sends {@code request}, each on a new connection, every {@code everyMillis} until {@link #stopStream()}. */
    public void startStream(RequestSpec request, long everyMillis, long timeoutMillis) {
        stream = timer.scheduleAtFixedRate(
                () -> sendNew(request, Exchange.Role.STREAM, timeoutMillis), 0, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Sends no further request of the stream. */
    public void stopStream() {
        ScheduledFuture<?> running = stream;
        if (running != null) {
            running.cancel(false);
        }
    }

    /**
     * Sends one probe, {@code GET path} on a new connection, as an orchestrator's probe does, and calls {@code done}
     * with its end; the probe is not one of the exchanges.
     */
    void probe(
            String probeHost,
            int probePort,
            RequestSpec request,
            long timeoutMillis,
            java.util.function.Consumer<LiveExchange> done) {
        LiveExchange exchange = new LiveExchange(
                "r" + numbers.computeIfAbsent("r", p -> new AtomicInteger()).incrementAndGet(),
                Exchange.Role.AFTER_SIGNAL,
                request,
                Exchange.Connection.NEW);
        senders.execute(() -> {
            connectAndSend(exchange, probeHost, probePort, timeoutMillis).ifPresent(Http11::close);
            done.accept(exchange);
        });
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
        try (Http11 connection = Http11.open(host, port, timeoutMillis)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    /** Stops the stream and the threads, and closes every connection still open: what is under way ends. */
    @Override
    public void close() {
        stopStream();
        timer.shutdownNow();
        open.forEach(Http11::close);
        senders.shutdownNow();
    }

    private LiveExchange exchange(Exchange.Role role, Exchange.Connection connection, RequestSpec request) {
        String prefix = prefix(role, connection);
        String id = prefix
                + numbers.computeIfAbsent(prefix, p -> new AtomicInteger()).incrementAndGet();
        LiveExchange exchange = new LiveExchange(id, role, request, connection);
        exchanges.add(exchange);
        return exchange;
    }

    private Optional<Http11> connectAndSend(LiveExchange exchange, long timeoutMillis) {
        return connectAndSend(exchange, host, port, timeoutMillis);
    }

    /** Connects and sends; returns the connection when it was opened, for the caller to keep or close. */
    private Optional<Http11> connectAndSend(LiveExchange exchange, String toHost, int toPort, long timeoutMillis) {
        exchange.sent(System.nanoTime());
        Http11 connection;
        try {
            connection = Http11.open(toHost, toPort, (int) Math.min(CONNECT_TIMEOUT_MILLIS, timeoutMillis));
        } catch (ConnectException refused) {
            exchange.end(System.nanoTime(), Exchange.Outcome.REFUSED, "");
            return Optional.empty();
        } catch (SocketTimeoutException notAccepted) {
            exchange.end(
                    System.nanoTime(),
                    Exchange.Outcome.NO_ANSWER,
                    "the connection was not accepted within " + Math.min(CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                            + " ms");
            return Optional.empty();
        } catch (IOException e) {
            exchange.end(System.nanoTime(), Exchange.Outcome.CLOSED_BEFORE_ANSWER, Http11.describe(e));
            return Optional.empty();
        }
        open.add(connection);
        connection.exchange(exchange, exchange.request(), timeoutMillis);
        return Optional.of(connection);
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
