package io.signaltest.sample.service.plain;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.signaltest.sample.service.payload.Payload;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same small service as the Spring Boot one, on the JDK's own HTTP server and nothing else.
 *
 * <pre>
 * java -cp target/classes io.signaltest.sample.service.plain.PlainService --port 8080 [--variant stop-now]
 * </pre>
 *
 * <p>On SIGTERM or SIGINT the {@code correct} variant turns {@code /ready} to 503, answers 503 to every new request,
 * waits up to {@value #DRAIN_SECONDS} s for the requests in flight to finish, then stops the server and its workers and
 * prints {@code service stopped}. The {@code stop-now} variant calls {@code HttpServer.stop(0)} at once, which closes
 * the connections of the requests in flight before they are answered.
 */
public final class PlainService {

    /** How long a shutdown waits for the requests in flight: well inside a 30 s grace period. */
    static final int DRAIN_SECONDS = 20;

    private static final int WORKERS = 32;
    private static final long MAX_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final long MAX_BYTES = 1L << 30;

    private final HttpServer server;
    private final ExecutorService workers;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final AtomicLong requestIds = new AtomicLong();

    private PlainService(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(Arrays.asList(args), System.getenv());
        } catch (Options.UsageException e) {
            System.err.println("plain-service: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }

        PlainService service;
        try {
            service = start(options.port());
        } catch (BindException e) {
            System.err.println("plain-service: cannot listen on port " + options.port() + ": " + e.getMessage()
                    + "; stop what holds the port, or pass a free one with --port or PORT");
            System.exit(1);
            return;
        } catch (IOException e) {
            System.err.println("plain-service: cannot start the server on port " + options.port() + ": " + e);
            System.exit(1);
            return;
        }

        Runnable stop = options.variant() == Options.Variant.STOP_NOW ? service::stopNow : service::drainAndStop;
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown"));
        System.out.println(
                "service ready on port " + service.server.getAddress().getPort());
    }

    static PlainService start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        // Without an executor the server runs every handler on its one dispatcher thread, one at a time.
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, workerThreads());
        server.setExecutor(workers);
        PlainService service = new PlainService(server, workers);
        Filter countsInFlight = service.new CountsInFlight(true);
        server.createContext("/work", service::work).getFilters().add(countsInFlight);
        server.createContext("/hello", service::hello).getFilters().add(countsInFlight);
        server.createContext("/ready", service::ready).getFilters().add(service.new CountsInFlight(false));
        server.start();
        return service;
    }

    /**
     * The graceful stop: new requests get 503 from now on, those in flight and the 503s are answered in full, and only
     * then is the server stopped, with no delay left to sit out.
     */
    void drainAndStop() {
        System.out.println("service stopping: " + inFlight.active() + " requests in flight");
        boolean drained;
        try {
            drained = inFlight.drain(Duration.ofSeconds(DRAIN_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            System.out.println("service stopping: gave up waiting for " + inFlight.active() + " requests after "
                    + DRAIN_SECONDS + " s");
        }
        server.stop(0);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                System.out.println("service stopping: workers still busy after 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("service stopped");
    }

    /** The stop that many services have: at once, whatever is in flight. */
    void stopNow() {
        System.out.println("service stopping: " + inFlight.active() + " requests in flight");
        server.stop(0);
        System.out.println("service stopped");
    }

    private void work(HttpExchange exchange) throws IOException {
        if (!isGet(exchange, "/work")) {
            return;
        }
        Map<String, String> query = query(exchange);
        long millis;
        long bytes;
        try {
            millis = longParameter(query, "millis", 0, MAX_MILLIS);
            bytes = longParameter(query, "bytes", 1024, MAX_BYTES);
        } catch (IllegalArgumentException e) {
            answer(exchange, 400, e.getMessage() + "\n");
            return;
        }
        String id = requestId(exchange);
        System.out.println("request " + id + " entered /work");
        try {
            Thread.sleep(millis); // stands for the slow part: a query, a call to another service
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.out.println("request " + id + " interrupted");
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes == 0 ? -1 : bytes);
        try (OutputStream body = exchange.getResponseBody()) {
            Payload.write(body, bytes);
        }
        System.out.println("request " + id + " answered");
    }

    private void hello(HttpExchange exchange) throws IOException {
        if (isGet(exchange, "/hello")) {
            answer(exchange, 200, "hello\n");
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        if (isGet(exchange, "/ready")) {
            if (inFlight.draining()) {
                answer(exchange, 503, "draining\n");
            } else {
                answer(exchange, 200, "ready\n");
            }
        }
    }

    /**
     * Counts each exchange in and out of {@link InFlightRequests}: served while open, answered 503 while draining (on
     * {@code /ready} too, which says so itself), closed without an answer once the drain is over.
     */
    private final class CountsInFlight extends Filter {

        private final boolean refusesWhileDraining;

        CountsInFlight(boolean refusesWhileDraining) {
            this.refusesWhileDraining = refusesWhileDraining;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            InFlightRequests.Admission admission = inFlight.enter();
            if (admission == InFlightRequests.Admission.CLOSE) {
                exchange.close(); // before any answer: the server is about to close the connection anyway
                return;
            }
            try {
                if (admission == InFlightRequests.Admission.REFUSE && refusesWhileDraining) {
                    // a client on a kept-alive connection should open its next one elsewhere
                    exchange.getResponseHeaders().set("Connection", "close");
                    answer(exchange, 503, "draining\n");
                } else {
                    chain.doFilter(exchange);
                }
            } finally {
                inFlight.exit();
            }
        }

        @Override
        public String description() {
            return "counts exchanges in flight; 503 once draining; closed once drained";
        }
    }

    private String requestId(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("X-Request-Id");
        return header != null && !header.isBlank() ? header.trim() : Long.toString(requestIds.incrementAndGet());
    }

    /** Answers 404 or 405 and returns false unless the request is a GET of exactly {@code path}. */
    private static boolean isGet(HttpExchange exchange, String path) throws IOException {
        // a context also receives the paths that merely start with its own
        if (!exchange.getRequestURI().getPath().equals(path)) {
            answer(exchange, 404, "not found\n");
            return false;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            answer(exchange, 405, "method not allowed\n");
            return false;
        }
        return true;
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static long longParameter(Map<String, String> query, String name, long absent, long max) {
        String text = query.get(name);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the text
        }
        throw new IllegalArgumentException(
                name + " must be a whole number from 0 to " + max + ", was \"" + text + "\"");
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> new Thread(task, "http-worker-" + count.incrementAndGet());
    }
}
