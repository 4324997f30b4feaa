package io.signaltest.sample.pitfalls;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cleanup log and the harness's hold protocol, written by hand from {@code docs/log-format.md}: what a team does
 * when it adopts the documented protocol without the signaltest runtime.
 *
 * <ul>
 *   <li>{@code SIGNALTEST_LOG}: where the records go; without it nothing is written.
 *   <li>{@code SIGNALTEST_HOLD}: the moments to hold at, in order; {@code SIGNALTEST_HOLD_TIMEOUT_MS} bounds each hold
 *       (default 120000).
 *   <li>{@code SIGNALTEST_CONTROL=stdin}: a line {@code release} on standard input ends the hold in force, so that a
 *       jittered signal lands after the moment.
 * </ul>
 *
 * <p>A hold must freeze every state change of the program, not only the thread that reached the moment: otherwise
 * another task's record can slip in between the {@code moment} record and the {@code signal_received} record, and the
 * log no longer proves which state the signal hit. So the log shares the program's own state lock: {@link #reach},
 * {@link #awaitGate} and {@link #signalReceived} are called with that lock held, and a hold waits on a condition of it,
 * which lets the signal handler take the lock meanwhile.
 */
final class HandLog {

    static final String LOG = "SIGNALTEST_LOG";
    static final String HOLD = "SIGNALTEST_HOLD";
    static final String HOLD_TIMEOUT_MS = "SIGNALTEST_HOLD_TIMEOUT_MS";
    static final long DEFAULT_HOLD_TIMEOUT_MS = 120_000;
    /** {@code stdin}: the harness ends a hold with a line {@code release} on standard input. */
    static final String CONTROL = "SIGNALTEST_CONTROL";

    private static final long CONTROL_POLL_MILLIS = 5;

    private final OutputStream out;
    private final long origin = System.nanoTime();
    private final ReentrantLock state;
    private final Condition released;
    private final ArrayDeque<String> armed;
    private final List<String> holds;
    private final long holdTimeoutMs;
    private long seq;
    private String holding;
    private int signalsReceived;

    /**
     * @param log where to write, or null to write nothing
     * @param holds moments to hold at, in the order they will be reached
     * @param holdTimeoutMs how long one hold lasts at most
     * @param state the program's lock, held whenever its state changes
     */
    HandLog(Path log, List<String> holds, long holdTimeoutMs, ReentrantLock state) {
        this.out = log == null ? null : open(log);
        this.holds = List.copyOf(holds);
        this.armed = new ArrayDeque<>(holds);
        this.holdTimeoutMs = holdTimeoutMs;
        this.state = Objects.requireNonNull(state, "state");
        this.released = state.newCondition();
    }

    /** The log the harness asked for through the environment. */
    static HandLog fromEnvironment(ReentrantLock state) {
        String log = System.getenv(LOG);
        List<String> holds = new ArrayList<>();
        String hold = System.getenv(HOLD);
        if (hold != null) {
            for (String name : hold.split(",")) {
                if (!name.isBlank()) {
                    holds.add(name.trim().toUpperCase(Locale.ROOT));
                }
            }
        }
        String timeout = System.getenv(HOLD_TIMEOUT_MS);
        long timeoutMs = DEFAULT_HOLD_TIMEOUT_MS;
        if (timeout != null && !timeout.isBlank()) {
            try {
                timeoutMs = Long.parseLong(timeout.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        HOLD_TIMEOUT_MS + "=" + timeout + " is not a number of milliseconds");
            }
        }
        HandLog handLog = new HandLog(log == null || log.isBlank() ? null : Path.of(log), holds, timeoutMs, state);
        if ("stdin".equals(System.getenv(CONTROL))) {
            handLog.readControl();
        }
        return handLog;
    }

    /**
     * Ends a hold when the harness writes {@code release} on standard input. Looks every few milliseconds instead of
     * blocking in a read: the JVM waits at its exit for a thread blocked in native code.
     */
    private void readControl() {
        Thread reader = new Thread(
                () -> {
                    StringBuilder line = new StringBuilder();
                    try {
                        while (true) {
                            while (System.in.available() > 0) {
                                int c = System.in.read();
                                if (c < 0) {
                                    return;
                                } else if (c == '\n') {
                                    if (line.toString().trim().equals("release")) {
                                        releaseByHarness();
                                    }
                                    line.setLength(0);
                                } else {
                                    line.append((char) c);
                                }
                            }
                            Thread.sleep(CONTROL_POLL_MILLIS);
                        }
                    } catch (IOException | InterruptedException gone) {
                        // no more control: holds end by a signal or their deadline
                    }
                },
                "hand-log-control");
        reader.setDaemon(true);
        reader.start();
    }

    /** The harness's {@code release}: ends the hold in force, if any. */
    private void releaseByHarness() {
        state.lock();
        try {
            if (holding != null) {
                write("hold_released", "moment", holding, "reason", "harness");
                holding = null;
                released.signalAll();
            }
        } finally {
            state.unlock();
        }
    }

    private static OutputStream open(Path log) {
        try {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new FileOutputStream(log.toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cleanup log " + log + ": " + e.getMessage(), e);
        }
    }

    /** The moments the harness armed, for {@code run_started}'s {@code holds}. */
    List<String> holds() {
        return holds;
    }

    /**
     * The {@code System.nanoTime()} that {@code t_ns} counts from, for {@code run_started}'s {@code clock_origin_ns}.
     */
    long originNanos() {
        return origin;
    }

    /**
     * Writes one record: the envelope, then {@code fields} as alternating names and values (strings, numbers, booleans,
     * null, maps, collections). One {@code write} per line.
     */
    synchronized void write(String event, Object... fields) {
        if (out == null) {
            return;
        }
        StringBuilder line = new StringBuilder(160);
        line.append("{\"v\":1,\"seq\":")
                .append(seq++)
                .append(",\"t_ns\":")
                .append(System.nanoTime() - origin)
                .append(",\"event\":");
        string(line, event);
        for (int i = 0; i < fields.length; i += 2) {
            line.append(',');
            string(line, (String) fields[i]);
            line.append(':');
            value(line, fields[i + 1]);
        }
        line.append("}\n");
        try {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            System.err.println("cannot write the cleanup log: " + e);
        }
    }

    /**
     * If {@code moment} is the next armed moment, writes the {@code moment} record and holds: returns when
     * {@link #signalReceived} is called or the hold deadline passes. Otherwise returns at once. Call it with the state
     * lock held, right after the state change that made the moment true. An interrupt does not end the hold; it is kept
     * for the caller.
     */
    void reach(String moment, int running, int inCleanup, int queued, int maxConcurrent) {
        requireLocked();
        if (!moment.equals(armed.peek())) {
            return;
        }
        armed.poll();
        write(
                "moment",
                "moment",
                moment,
                "running",
                running,
                "in_cleanup",
                inCleanup,
                "occupied_slots",
                running + inCleanup,
                "queued",
                queued,
                "max_concurrent",
                maxConcurrent,
                "signals_received",
                signalsReceived,
                "held",
                true);
        holding = moment;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdTimeoutMs);
        boolean interrupted = false;
        while (moment.equals(holding)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                write(
                        "hold_released",
                        "moment",
                        moment,
                        "reason",
                        "deadline",
                        "detail",
                        "no signal within " + holdTimeoutMs + " ms of reaching " + moment);
                holding = null;
                released.signalAll();
                break;
            }
            try {
                released.awaitNanos(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits while a hold is in force, before a state change. Call it with the state lock held. Keeps interrupts. */
    void awaitGate() {
        requireLocked();
        while (holding != null) {
            released.awaitUninterruptibly();
        }
    }

    /** Writes {@code signal_received} and ends the hold in force, if any. Call it with the state lock held. */
    void signalReceived(String signal, int number, int count, String action) {
        requireLocked();
        signalsReceived = count;
        write("signal_received", "signal", signal, "number", number, "count", count, "action", action);
        if (holding != null) {
            write("hold_released", "moment", holding, "reason", "signal");
            holding = null;
            released.signalAll();
        }
    }

    /** At the end of the run: says which armed moment was never reached, if any. */
    void finish() {
        String missed = armed.peek();
        if (missed != null) {
            write("moment_missed", "moment", missed, "detail", "the run ended without reaching " + missed);
        }
    }

    private void requireLocked() {
        if (!state.isHeldByCurrentThread()) {
            throw new IllegalStateException(
                    "hold the program's state lock when reaching a moment or handling a signal");
        }
    }

    // ---------------------------------------------------------------- JSON, by hand

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<?, ?> entry = entries.next();
                string(out, String.valueOf(entry.getKey()));
                out.append(':');
                value(out, entry.getValue());
                if (entries.hasNext()) {
                    out.append(',');
                }
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            Iterator<?> it = items.iterator();
            while (it.hasNext()) {
                value(out, it.next());
                if (it.hasNext()) {
                    out.append(',');
                }
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
