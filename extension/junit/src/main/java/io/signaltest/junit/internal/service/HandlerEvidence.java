package io.signaltest.junit.internal.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What shows that the service's handler has a request: a line of its output that the test names (its group {@code id},
 * when it has one, names the request by its {@code X-Request-Id}), or a record of the agent. Named signs are kept by
 * name, whenever they come (a sign may come before the harness has noted the request as sent); signs without a name are
 * counted.
 */
public final class HandlerEvidence {

    private final Optional<Pattern> line;
    private final Runnable onChange;
    private final Map<String, Long> enteredById = new ConcurrentHashMap<>();
    private final AtomicInteger unnamed = new AtomicInteger();

    /** @param line the output line that shows a request in a handler, when the test names one */
    public HandlerEvidence(Optional<Pattern> line, Runnable onChange) {
        this.line = line;
        this.onChange = onChange;
    }

    /** One line of the service's output. */
    public void line(String text) {
        if (line.isEmpty()) {
            return;
        }
        // every match counts: lines that threads wrote at once can end up on one line
        Matcher m = line.get().matcher(text);
        long now = System.nanoTime();
        while (m.find()) {
            String id = null;
            try {
                id = m.group("id");
            } catch (IllegalArgumentException noSuchGroup) {
                // lines without the request's name are counted
            }
            entered(id, now);
        }
    }

    /** A sign that a handler has the request named {@code id} (or an unnamed one, when null) at {@code nanos}. */
    public void entered(String id, long nanos) {
        if (id == null) {
            unnamed.incrementAndGet();
        } else {
            enteredById.putIfAbsent(id, nanos);
        }
        onChange.run();
    }

    /**
     * How many of {@code exchanges} the service has shown in a handler: those named by a sign (which this marks on
     * them), and as many of the others as unnamed signs came.
     */
    public int inHandlers(List<LiveExchange> exchanges) {
        int named = 0;
        for (LiveExchange exchange : exchanges) {
            Long nanos = enteredById.get(exchange.id());
            if (nanos != null) {
                exchange.entered(nanos);
                named++;
            }
        }
        return Math.min(exchanges.size(), named + unnamed.get());
    }

    /** Whether the service has shown any sign at all. */
    public boolean any() {
        return unnamed.get() > 0 || !enteredById.isEmpty();
    }
}
