package io.signaltest.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a test harness asked of this process through its environment, and the control channel
 * back to the harness. Nothing here is active unless the harness set the variables, so a
 * production run pays nothing.
 *
 * <ul>
 *   <li>{@value #LOG}: where to write the cleanup log (wins over the application's choice, so
 *       the harness always finds it).</li>
 *   <li>{@value #HOLD}: moments to hold at, comma-separated, in the order they will be reached
 *       (for example {@code ALL_SLOTS_FULL,DURING_CLEANUP}).</li>
 *   <li>{@value #HOLD_TIMEOUT_MS}: the safety deadline of one hold (default {@value #DEFAULT_HOLD_TIMEOUT_MS}).</li>
 *   <li>{@value #CONTROL}{@code =stdin}: the harness keeps this process's standard input open;
 *       a line {@code release} ends the current hold. When the process that started this one
 *       (the harness) is gone, the run is cancelled and the process halts rather than outlive it.</li>
 * </ul>
 */
public final class HarnessLink {

    public static final String LOG = "SIGNALTEST_LOG";
    public static final String HOLD = "SIGNALTEST_HOLD";
    public static final String HOLD_TIMEOUT_MS = "SIGNALTEST_HOLD_TIMEOUT_MS";
    public static final String CONTROL = "SIGNALTEST_CONTROL";
    /**
     * The harness's pid, watched instead of this process's parent: a process whose harness died
     * while it was still starting has been handed to another parent before it could look.
     */
    public static final String HARNESS_PID = "SIGNALTEST_HARNESS_PID";
    public static final long DEFAULT_HOLD_TIMEOUT_MS = 120_000;
    /** Exit code of a process that shut down because its harness went away. */
    public static final int HARNESS_GONE_EXIT_CODE = 125;

    /** How long a process whose harness is gone may spend on cleanup before it halts. */
    static final long HARNESS_GONE_GRACE_MS = 10_000;
    /** How often the control channel looks at stdin and at the parent process. */
    static final long CONTROL_POLL_MS = 50;

    /** What an active run does when the harness speaks. */
    public interface Listener {
        void released();

        void harnessGone();
    }

    private static volatile HarnessLink current;

    private final Path log;
    private final List<String> holds;
    private final long holdTimeoutMs;
    private final boolean control;
    private final long harnessPid;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** A link read from {@code env} instead of the process environment; its control channel is not started. */
    public static HarnessLink of(Map<String, String> env) {
        return new HarnessLink(env);
    }

    HarnessLink(Map<String, String> env) {
        String logValue = blankToNull(env.get(LOG));
        this.log = logValue == null ? null : Path.of(logValue);
        this.holds = parseHolds(env.get(HOLD));
        this.holdTimeoutMs = parseTimeout(env.get(HOLD_TIMEOUT_MS));
        String controlValue = blankToNull(env.get(CONTROL));
        if (controlValue != null && !controlValue.equals("stdin")) {
            throw new IllegalArgumentException(CONTROL + "=" + controlValue + " is not supported; expected 'stdin' or unset");
        }
        this.control = controlValue != null;
        this.harnessPid = parsePid(env.get(HARNESS_PID));
    }

    /** The link of this process, read from its environment once. */
    public static HarnessLink get() {
        HarnessLink link = current;
        if (link == null) {
            synchronized (HarnessLink.class) {
                link = current;
                if (link == null) {
                    link = new HarnessLink(System.getenv());
                    if (link.control) {
                        link.startControlReader();
                    }
                    current = link;
                }
            }
        }
        return link;
    }

    /** The log path the harness chose, or null. */
    public Path log() {
        return log;
    }

    /** Moment names to hold at, in order; empty when the harness asked for none. */
    public List<String> holds() {
        return holds;
    }

    public long holdTimeoutMs() {
        return holdTimeoutMs;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private void startControlReader() {
        Thread reader = new Thread(this::watchHarness, "signaltest-control");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Polls rather than blocks: a thread blocked in a native read of stdin would make the JVM
     * wait about 300 ms at every exit for it (HotSpot waits for threads in native code).
     */
    private void watchHarness() {
        ProcessHandle parent = harnessPid > 0
                ? ProcessHandle.of(harnessPid).orElse(null) // gone already when empty
                : ProcessHandle.current().parent().orElse(null);
        StringBuilder pending = new StringBuilder();
        byte[] buffer = new byte[256];
        while (parent != null && parent.isAlive()) {
            try {
                int available = System.in.available();
                while (available > 0) {
                    int n = System.in.read(buffer, 0, Math.min(buffer.length, available));
                    if (n <= 0) {
                        break;
                    }
                    pending.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    available -= n;
                }
                dispatchLines(pending);
            } catch (IOException closed) {
                // stdin is gone; the parent check still tells whether the harness is
            }
            try {
                Thread.sleep(CONTROL_POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
        harnessGone();
    }

    private void dispatchLines(StringBuilder pending) {
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline).trim();
            pending.delete(0, newline + 1);
            if (line.equals("release")) {
                listeners.forEach(Listener::released);
            }
        }
    }

    private void harnessGone() {
        if (listeners.isEmpty()) {
            Runtime.getRuntime().halt(HARNESS_GONE_EXIT_CODE);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(HARNESS_GONE_GRACE_MS);
            } catch (InterruptedException ignored) {
                // halt all the same
            }
            Runtime.getRuntime().halt(HARNESS_GONE_EXIT_CODE);
        }, "signaltest-harness-gone");
        watchdog.setDaemon(true);
        watchdog.start();
        listeners.forEach(Listener::harnessGone);
    }

    private static List<String> parseHolds(String value) {
        if (blankToNull(value) == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Collections.unmodifiableList(names);
    }

    private static long parseTimeout(String value) {
        if (blankToNull(value) == null) {
            return DEFAULT_HOLD_TIMEOUT_MS;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(HOLD_TIMEOUT_MS + "=" + value + " is not a positive number of milliseconds");
    }

    private static long parsePid(String value) {
        if (blankToNull(value) == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HARNESS_PID + "=" + value + " is not a process id");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
