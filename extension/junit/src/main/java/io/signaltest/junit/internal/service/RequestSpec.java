package io.signaltest.junit.internal.service;

import io.signaltest.junit.service.ServiceTest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** A validated {@link ServiceTest.Request}: what the harness sends, and how many at once. */
public record RequestSpec(
        String method, String path, String body, List<String> headers, int count, int status, long expectedMillis) {

    public RequestSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        headers = List.copyOf(headers);
    }

    /** This request, held {@code count} at a time. */
    public RequestSpec times(int count) {
        return new RequestSpec(method, path, body, headers, count, status, expectedMillis);
    }

    /** Where it goes on a service listening on {@code port} of this machine. */
    public URI uri(int port) {
        return URI.create("http://localhost:" + port + path);
    }

    /** "GET /work?millis=1500". */
    public String describe() {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }
}
