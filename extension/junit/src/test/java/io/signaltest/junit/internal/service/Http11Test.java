package io.signaltest.junit.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.internal.files.RequestFact;
import io.signaltest.junit.service.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The harness's HTTP/1.1 client against a server that answers as scripted, byte for byte: each way an answer can end is
 * reported as the client saw it, and nothing is retried.
 */
class Http11Test {

    private static final RequestSpec GET = new RequestSpec("GET", "/x", "", List.of(), 1, 200, 0);

    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0);
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void aWholeAnswerWithItsLengthIsAnsweredAndKeepsTheConnection() throws Exception {
        CompletableFuture<String> request = serve(out ->
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1)));
        try (Http11 connection = open()) {
            RequestFact fact = exchange(connection, "a1");
            assertThat(fact.outcome()).isEqualTo(Exchange.Outcome.ANSWERED);
            assertThat(fact.status()).isEqualTo(200);
            assertThat(fact.bytes()).isEqualTo(5);
            assertThat(fact.expectedBytes()).isEqualTo(5);
            assertThat(connection.reusable()).isTrue();
        }
        assertThat(request.get(10, TimeUnit.SECONDS))
                .startsWith("GET /x HTTP/1.1\r\n")
                .contains("\r\nX-Request-Id: a1\r\n")
                .contains("\r\nHost: localhost:" + server.getLocalPort() + "\r\n");
    }

    @Test
    void aChunkedAnswerIsReadToItsLastChunk() throws Exception {
        serve(out ->
                out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1)));
        try (Http11 connection = open()) {
            RequestFact fact = exchange(connection, "a1");
            assertThat(fact.outcome()).isEqualTo(Exchange.Outcome.ANSWERED);
            assertThat(fact.bytes()).isEqualTo(5);
        }
    }

    @Test
    void anAnswerCutBeforeItsLengthIsCutOffWithTheBytesThatCame() throws Exception {
        serve(out -> out.write(
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b".getBytes(StandardCharsets.ISO_8859_1)));
        try (Http11 connection = open()) {
            RequestFact fact = exchange(connection, "a1");
            assertThat(fact.outcome()).isEqualTo(Exchange.Outcome.CUT_OFF);
            assertThat(fact.status()).isEqualTo(200);
            assertThat(fact.bytes()).isEqualTo(10);
            assertThat(fact.detail()).contains("90 bytes before the end of the body");
            assertThat(connection.reusable()).isFalse();
        }
    }

    @Test
    void aConnectionClosedBeforeTheStatusLineIsClosedBeforeAnyAnswerAndNotRetried() throws Exception {
        CompletableFuture<Integer> accepted = new CompletableFuture<>();
        daemon(() -> {
            int count = 0;
            try {
                while (true) {
                    try (Socket socket = server.accept()) {
                        count++;
                        accepted.obtrudeValue(count);
                        readHead(socket.getInputStream());
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        try (Http11 connection = open()) {
            RequestFact fact = exchange(connection, "a1");
            assertThat(fact.outcome()).isEqualTo(Exchange.Outcome.CLOSED_BEFORE_ANSWER);
            assertThat(fact.status()).isEqualTo(-1);
            assertThat(fact.detail()).isEqualTo("the connection was closed");
        }
        assertThat(accepted.get(10, TimeUnit.SECONDS))
                .as("connections the server accepted")
                .isEqualTo(1);
    }

    @Test
    void anAnswerThatStopsComingIsNoAnswer() throws Exception {
        serve(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            sleepForever();
        });
        try (Http11 connection = open()) {
            LiveExchange exchange = new LiveExchange("a1", Exchange.Role.IN_FLIGHT, GET, Exchange.Connection.NEW);
            connection.exchange(exchange, GET, 200);
            RequestFact fact = exchange.fact();
            assertThat(fact.outcome()).isEqualTo(Exchange.Outcome.NO_ANSWER);
            assertThat(fact.bytes()).isEqualTo(3);
            assertThat(fact.detail()).isEqualTo("the body stopped coming for 200 ms");
        }
    }

    @Test
    void aSecondRequestGoesOnTheSameConnection() throws Exception {
        CompletableFuture<Integer> requests = new CompletableFuture<>();
        daemon(() -> {
            try (Socket socket = server.accept()) {
                int count = 0;
                while (readHead(socket.getInputStream()) != null) {
                    count++;
                    socket.getOutputStream()
                            .write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    if (count == 2) {
                        requests.complete(count);
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        try (Http11 connection = open()) {
            assertThat(exchange(connection, "w1").outcome()).isEqualTo(Exchange.Outcome.ANSWERED);
            RequestFact second = exchange(connection, "k1");
            assertThat(second.outcome()).isEqualTo(Exchange.Outcome.ANSWERED);
            assertThat(second.status()).isEqualTo(204);
        }
        assertThat(requests.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void nothingListeningIsARefusal() throws Exception {
        int port = server.getLocalPort();
        server.close();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        Traffic traffic = new Traffic(port, ended::countDown);
        try {
            LiveExchange exchange = traffic.sendNew(GET, Exchange.Role.AFTER_SIGNAL, 1_000);
            assertThat(ended.await(30, TimeUnit.SECONDS))
                    .as("the exchange ended")
                    .isTrue();
            assertThat(exchange.fact().outcome()).isEqualTo(Exchange.Outcome.REFUSED);
            assertThat(exchange.id()).isEqualTo("n1");
            assertThat(traffic.refusesConnections(1_000)).isTrue();
        } finally {
            traffic.close();
        }
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body, "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    private Http11 open() throws IOException {
        return Http11.open("localhost", server.getLocalPort(), 5_000);
    }

    private static RequestFact exchange(Http11 connection, String id) {
        LiveExchange exchange = new LiveExchange(id, Exchange.Role.IN_FLIGHT, GET, Exchange.Connection.NEW);
        connection.exchange(exchange, GET, 10_000);
        return exchange.fact();
    }

    @FunctionalInterface
    interface Script {
        void answer(OutputStream out) throws IOException;
    }

    /** Accepts one connection, reads one request's head, answers with {@code script}, and closes. */
    private CompletableFuture<String> serve(Script script) {
        CompletableFuture<String> request = new CompletableFuture<>();
        daemon(() -> {
            try (Socket socket = server.accept()) {
                request.complete(readHead(socket.getInputStream()));
                script.answer(socket.getOutputStream());
                socket.getOutputStream().flush();
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
        return request;
    }

    /** The head of one request, up to its empty line; null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return null;
    }

    private static void sleepForever() {
        try {
            new CompletableFuture<Void>().get();
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }
}
