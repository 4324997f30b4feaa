package io.signaltest.junit.internal.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code kill(2)} called from this JVM through JNA: a signal leaves at once, with no process or shell in between (the
 * JDK itself can send only SIGTERM and SIGKILL).
 *
 * <p>Loading JNA costs a cold JVM a few hundred milliseconds of CPU (its classes, its native library, and the
 * {@code ldconfig -p} it runs on Linux), once. So {@link #prepare()} loads it on a daemon thread of its own and nobody
 * waits for it: until it is loaded, and where it cannot load (no native library for this platform, a temporary
 * directory it may not run code from), {@link #send} says so and {@link Signals} uses a shell's {@code kill} instead.
 */
final class NativeKill {

    /** The numbers of the signals signaltest sends: the same on Linux and macOS. */
    private static final Map<String, Integer> NUMBERS = Map.of("HUP", 1, "INT", 2, "KILL", 9, "TERM", 15);

    private static final int ESRCH = 3;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CompletableFuture<Optional<CLibrary>> LOADED = new CompletableFuture<>();

    /** The C library's {@code kill}; {@link LastErrorException} carries {@code errno}. */
    private interface CLibrary extends Library {
        int kill(int pid, int signal) throws LastErrorException;
    }

    private NativeKill() {}

    /** Starts loading JNA and the C library in the background, the first time; returns at once. */
    static void prepare() {
        if (STARTED.compareAndSet(false, true)) {
            Thread loader = new Thread(() -> LOADED.complete(load()), "signaltest-kill-loader");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** Whether signals can be sent this way in this JVM; waits for the loading to end. */
    static boolean available() {
        prepare();
        return LOADED.join().isPresent();
    }

    private static Optional<CLibrary> load() {
        if (!Platform.hasPosixSignals(System.getProperty("os.name", "")) || !nativeAccessGranted()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Native.load(com.sun.jna.Platform.C_LIBRARY_NAME, CLibrary.class));
        } catch (LinkageError | RuntimeException cannotLoad) {
            return Optional.empty();
        }
    }

    /**
     * Whether this JVM lets JNA load native code without a warning. From JDK 24 on, loading a native library from a
     * module that was not given native access prints "restricted method" warnings into the test's output; there
     * signaltest does without JNA (the shell's {@code kill} is a few tenths of a millisecond slower) unless the test
     * JVM runs with {@code --enable-native-access=ALL-UNNAMED}. Older JDKs do not restrict it.
     */
    static boolean nativeAccessGranted() {
        if (Runtime.version().feature() < 24) {
            return true;
        }
        try {
            Module module = NativeKill.class.getModule();
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module);
        } catch (ReflectiveOperationException | RuntimeException cannotTell) {
            return false;
        }
    }

    /**
     * Whether process group {@code pgid} has a process in it, zombies included, as {@code kill(-pgid, 0)} tells: no
     * signal is sent. Empty when this way cannot tell now.
     */
    static Optional<Boolean> groupExists(long pgid) {
        prepare();
        Optional<CLibrary> c = LOADED.getNow(Optional.empty());
        if (c.isEmpty() || pgid <= 1 || pgid > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        try {
            c.get().kill((int) -pgid, 0);
            return Optional.of(true);
        } catch (LastErrorException e) {
            return Optional.of(e.getErrorCode() != ESRCH); // EPERM: there is one, of another user
        }
    }

    /**
     * Sends {@code signalName} ("INT") to {@code target} (a pid, or {@code -pgid} for a process group); empty when this
     * way cannot send it now (JNA not loaded yet or unavailable, a signal it has no number for).
     */
    static Optional<Signals.KillResult> send(String signalName, String target) {
        prepare();
        Integer number = NUMBERS.get(signalName);
        Optional<CLibrary> c = LOADED.getNow(Optional.empty());
        if (number == null || c.isEmpty()) {
            return Optional.empty();
        }
        int pid = Integer.parseInt(target);
        String call = "kill(" + pid + ", SIG" + signalName + ")";
        try {
            c.get().kill(pid, number);
            return Optional.of(new Signals.KillResult(true, call + " returned 0"));
        } catch (LastErrorException e) {
            String reason = e.getErrorCode() == ESRCH ? "no such process" : "errno " + e.getErrorCode();
            return Optional.of(new Signals.KillResult(false, call + " failed: " + reason));
        }
    }
}
