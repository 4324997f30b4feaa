package io.signaltest.junit;

/**
 * A POSIX signal that {@link SignalTest} can deliver.
 *
 * @since 0.1
 */
public enum Signal {
    /** What Ctrl+C in a terminal sends. */
    INT(2),
    /** What orchestrators (systemd, Kubernetes, docker stop) send first. */
    TERM(15),
    /** Sent when the controlling terminal goes away. */
    HUP(1);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** The signal's number on Linux and macOS. */
    public int number() {
        return number;
    }

    /** The conventional exit code of a process that ends because of this signal: 128 + its number. */
    public int exitCode() {
        return 128 + number;
    }

    /** "SIGINT", "SIGTERM", "SIGHUP". */
    public String displayName() {
        return "SIG" + name();
    }
}
