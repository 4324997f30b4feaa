package io.signaltest.junit.internal.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kill(2)} called from this JVM through JNA: a signal leaves at once, with no process
 * or shell in between (the JDK itself can send only SIGTERM and SIGKILL).
 *
 * <p>Loading JNA takes some tens of milliseconds, once per JVM; {@link #prepare()} does it ahead
 * of the first signal. Where JNA cannot load (no native library for this platform, a temporary
 * directory it may not run code from), {@link #available()} is false and {@link Signals} falls
 * back to a shell's {@code kill}.
 */
final class NativeKill {

    /** The numbers of the signals signaltest sends: the same on Linux and macOS. */
    private static final Map<String, Integer> NUMBERS = Map.of("HUP", 1, "INT", 2, "KILL", 9, "TERM", 15);

    private static final int ESRCH = 3;

    /** The C library's {@code kill}; {@link LastErrorException} carries {@code errno}. */
    private interface CLibrary extends Library {
        int kill(int pid, int signal) throws LastErrorException;
    }

    /** Loaded on first use: the holder idiom keeps JNA out of a JVM that never signals. */
    private static final class Holder {
        static final Optional<CLibrary> C = load();

        private static Optional<CLibrary> load() {
            if (!Platform.hasPosixSignals(System.getProperty("os.name", ""))) {
                return Optional.empty();
            }
            try {
                return Optional.of(Native.load("c", CLibrary.class));
            } catch (LinkageError | RuntimeException cannotLoad) {
                return Optional.empty();
            }
        }
    }

    private NativeKill() {
    }

    /** Loads JNA and the C library now, so that the first {@link #send} does not. */
    static void prepare() {
        available();
    }

    /** Whether signals can be sent this way in this JVM. */
    static boolean available() {
        return Holder.C.isPresent();
    }

    /**
     * Sends {@code signalName} ("INT") to {@code target} (a pid, or {@code -pgid} for a process
     * group); empty when this way cannot send it (JNA unavailable, a signal it has no number for).
     */
    static Optional<Signals.KillResult> send(String signalName, String target) {
        Integer number = NUMBERS.get(signalName);
        if (number == null || Holder.C.isEmpty()) {
            return Optional.empty();
        }
        int pid = Integer.parseInt(target);
        String call = "kill(" + pid + ", SIG" + signalName + ")";
        try {
            Holder.C.get().kill(pid, number);
            return Optional.of(new Signals.KillResult(true, call + " returned 0"));
        } catch (LastErrorException e) {
            String reason = e.getErrorCode() == ESRCH ? "no such process" : "errno " + e.getErrorCode();
            return Optional.of(new Signals.KillResult(false, call + " failed: " + reason));
        }
    }
}
