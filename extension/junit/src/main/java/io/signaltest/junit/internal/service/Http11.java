package io.signaltest.junit.internal.service;

import io.signaltest.junit.service.Exchange;
import io.signaltest.junit.service.ServiceTest;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection of the harness to the service, which carries its requests one after another and reports
 * exactly what it saw of each: the connection refused, closed or reset before the status line, the status, the body's
 * bytes as they came, an answer cut off, no answer within the time allowed.
 *
 * <h2>Why not the JDK's HttpClient</h2>
 *
 * The JDK's {@code HttpClient} retries a GET or HEAD once, on a new connection, when the first read of its answer meets
 * the end of the stream or a reset; and it chooses the connection itself. A drain test must see both: a request in
 * flight whose connection the service closed (which the retry turns into a "connection refused", or into a second run
 * of the request), and whether a request went on a new connection or on one kept alive from before the signal. So the
 * harness speaks the small part of HTTP/1.1 it needs itself: a request with a length, and an answer with a
 * {@code Content-Length}, chunks, or a body that ends with the connection.
 */
final class Http11 implements AutoCloseable {

    /** The longest status line or header the harness reads. */
    private static final int MAX_LINE = 16 * 1024;

    private final Socket socket;
    private final String host;
    private final InputStream in;
    private final OutputStream out;
    private boolean reusable = true;

    private Http11(Socket socket, String host) throws IOException {
        this.socket = socket;
        this.host = host;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a connection to {@code port} of {@code host}.
     *
     * @throws ConnectException when nothing listens on it
     * @throws SocketTimeoutException when nothing accepts it within {@code timeoutMillis}
     */
    static Http11 open(String host, int port, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return new Http11(socket, host + ":" + port);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Whether the connection may carry another request: the last answer was whole and did not close it. */
    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    /**
     * Sends {@code request} as {@code exchange} and reads its answer, within {@code timeoutMillis} for the status line
     * and again within {@code timeoutMillis} of each further byte; ends the exchange however it goes.
     */
    void exchange(LiveExchange exchange, RequestSpec request, long timeoutMillis) {
        boolean statusSeen = false;
        exchange.sent(System.nanoTime());
        try {
            write(exchange.id(), request);
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
            String statusLine = line(true);
            int status = status(statusLine);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(false); !header.isEmpty(); header = line(false)) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" ->
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                        // other headers do not change how the body is read
                    }
                }
            }
            statusSeen = true;
            boolean noBody = request.method().equals("HEAD") || status == 204 || status == 304 || status < 200;
            exchange.answered(System.nanoTime(), status, noBody ? 0 : chunked ? -1 : length);
            if (noBody) {
                // nothing to read
            } else if (chunked) {
                readChunks(exchange);
            } else if (length >= 0) {
                readFixed(exchange, length);
            } else {
                readToEnd(exchange);
                close = true;
            }
            reusable = !close;
            exchange.end(System.nanoTime(), Exchange.Outcome.ANSWERED, "");
        } catch (SocketTimeoutException e) {
            reusable = false;
            exchange.end(
                    System.nanoTime(),
                    Exchange.Outcome.NO_ANSWER,
                    statusSeen
                            ? "the body stopped coming for " + timeoutMillis + " ms"
                            : "no status line within " + timeoutMillis + " ms");
        } catch (IOException | RuntimeException e) {
            reusable = false;
            exchange.end(
                    System.nanoTime(),
                    statusSeen ? Exchange.Outcome.CUT_OFF : Exchange.Outcome.CLOSED_BEFORE_ANSWER,
                    describe(e));
        }
    }

    private void write(String id, RequestSpec request) throws IOException {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        head.append(ServiceTest.REQUEST_ID_HEADER).append(": ").append(id).append("\r\n");
        for (String header : request.headers()) {
            head.append(header.trim()).append("\r\n");
        }
        if (body.length > 0
                || !request.method().equals("GET") && !request.method().equals("HEAD")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static int status(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + line);
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: " + line, e);
        }
    }

    private void readFixed(LiveExchange exchange, long length) throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the connection ended " + left + " bytes before the end of the body");
            }
            exchange.read(n);
            left -= n;
        }
    }

    private void readChunks(LiveExchange exchange) throws IOException {
        while (true) {
            String sizeLine = line(false);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line(false).isEmpty()) {
                    // trailers
                }
                return;
            }
            readFixed(exchange, size);
            line(false); // the CRLF after the chunk
        }
    }

    private void readToEnd(LiveExchange exchange) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            exchange.read(n);
        }
    }

    /**
     * One line, without its CRLF.
     *
     * @param first whether it is the status line, whose absence (the connection closed at once) is an end of stream
     */
    private String line(boolean first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(
                        first && line.size() == 0
                                ? "the connection was closed"
                                : "the connection ended in the middle of the answer's head");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("a line of the answer's head is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    /** What the client saw, in words: "the connection was reset", "the connection was closed". */
    static String describe(Exception e) {
        if (e instanceof SocketException
                && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
            return "the connection was reset";
        }
        if (e instanceof EOFException) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a connection the service may have closed first
        }
    }
}
