package io.signaltest.runtime.internal;

import io.signaltest.runtime.protocol.HarnessEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runtime's side of the link with a test harness: what the harness asked of this process through its environment
 * ({@link HarnessEnvironment}), and the control channel back to it. Nothing here is active unless the harness set the
 * variables, so a production run pays nothing. With {@link HarnessEnvironment#CONTROL}, a daemon thread reads the
 * release lines the harness writes to standard input, and when the process that started this one (the harness) is gone,
 * the run is cancelled and the process halts rather than outlive it. As PID 1 of a PID namespace the process cannot see
 * the harness; the harness then ends it with its namespace.
 */
public final class HarnessLink {

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

    private final HarnessEnvironment environment;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** A link read from {@code env} instead of the process environment; its control channel is not started. */
    public static HarnessLink of(Map<String, String> env) {
        return new HarnessLink(HarnessEnvironment.of(env));
    }

    HarnessLink(HarnessEnvironment environment) {
        this.environment = environment;
    }

    /** The link of this process, read from its environment once. */
    public static HarnessLink get() {
        HarnessLink link = current;
        if (link == null) {
            synchronized (HarnessLink.class) {
                link = current;
                if (link == null) {
                    link = of(System.getenv());
                    if (link.environment.control()) {
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
        return environment.log().orElse(null);
    }

    /** Moment names to hold at, in order; empty when the harness asked for none. */
    public List<String> holds() {
        return environment.holds();
    }

    public long holdTimeoutMs() {
        return environment.holdTimeoutMs();
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
     * Polls rather than blocks: a thread blocked in a native read of stdin would make the JVM wait about 300 ms at
     * every exit for it (HotSpot waits for threads in native code).
     */
    private void watchHarness() {
        // PID 1 of a PID namespace (a container, Delivery.PID_1): the harness is outside it, out of this process's
        // sight, and whoever started it ends it with its namespace; only the release lines are left to read.
        boolean namespaceInit = ProcessHandle.current().pid() == 1;
        ProcessHandle parent = namespaceInit
                ? null
                : environment.harnessPid().isPresent()
                        ? ProcessHandle.of(environment.harnessPid().get()).orElse(null) // gone already when empty
                        : ProcessHandle.current().parent().orElse(null);
        StringBuilder pending = new StringBuilder();
        byte[] buffer = new byte[256];
        while (namespaceInit || parent != null && parent.isAlive()) {
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
            if (line.equals(HarnessEnvironment.RELEASE)) {
                for (Listener listener : listeners) {
                    listener.released();
                }
            }
        }
    }

    private void harnessGone() {
        if (listeners.isEmpty()) {
            Runtime.getRuntime().halt(HarnessEnvironment.HARNESS_GONE_EXIT_CODE);
        }
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(HARNESS_GONE_GRACE_MS);
                    } catch (InterruptedException ignored) {
                        // halt all the same
                    }
                    Runtime.getRuntime().halt(HarnessEnvironment.HARNESS_GONE_EXIT_CODE);
                },
                "signaltest-harness-gone");
        watchdog.setDaemon(true);
        watchdog.start();
        listeners.forEach(Listener::harnessGone);
    }
}
