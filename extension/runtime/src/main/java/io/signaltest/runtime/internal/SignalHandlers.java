package io.signaltest.runtime.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs handlers for POSIX signals and puts the previous ones back.
 *
 * <p>{@code sun.misc.Signal} is the only JDK API that can handle SIGINT. HotSpot refuses to handle a signal whose
 * disposition the process inherited as ignored (a non-interactive shell starts background jobs with SIGINT ignored):
 * {@code Signal.handle} then returns {@link SignalHandler#SIG_IGN} and installs nothing. That case is reported as
 * {@link Disposition#INHERITED_IGNORED}, never silently accepted.
 */
public final class SignalHandlers {

    /** What became of a request to handle one signal. */
    public enum Disposition {
        /** Our handler is installed. */
        HANDLED("handled"),
        /** The process inherited the signal as ignored; the JVM will not deliver it to us. */
        INHERITED_IGNORED("inherited-ignored"),
        /** The JVM reserves the signal (for example under {@code -Xrs}) or the OS lacks it. */
        UNAVAILABLE("unavailable");

        private final String logName;

        Disposition(String logName) {
            this.logName = logName;
        }

        public String logName() {
            return logName;
        }
    }

    private final Map<String, Disposition> dispositions = new LinkedHashMap<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalHandlers() {}

    /**
     * Installs {@code handler} (called with the signal's name, e.g. "INT", and number) for each of {@code names}, and,
     * the first time one is installed in this JVM, primes the JVM's signal dispatch ({@link DispatchPrimer}) so that
     * the first signal reaches it sooner.
     */
    public static SignalHandlers install(List<String> names, BiConsumer<String, Integer> handler) {
        SignalHandlers installed = new SignalHandlers();
        for (String name : names) {
            Signal signal;
            try {
                signal = new Signal(name);
            } catch (IllegalArgumentException unknown) {
                installed.dispositions.put(name, Disposition.UNAVAILABLE);
                continue;
            }
            try {
                SignalHandler before = Signal.handle(signal, s -> handler.accept(s.getName(), s.getNumber()));
                if (before == SignalHandler.SIG_IGN) {
                    installed.dispositions.put(name, Disposition.INHERITED_IGNORED);
                } else {
                    installed.previous.put(signal, before);
                    installed.dispositions.put(name, Disposition.HANDLED);
                }
            } catch (IllegalArgumentException reserved) {
                installed.dispositions.put(name, Disposition.UNAVAILABLE);
            }
        }
        if (installed.dispositions.containsValue(Disposition.HANDLED)) {
            DispatchPrimer.primeOnce();
        }
        return installed;
    }

    /** Signal name ("INT") to what became of it, in the order requested. */
    public Map<String, Disposition> dispositions() {
        return dispositions;
    }

    /** Puts back the handlers that were in place before {@link #install}. */
    public void restore() {
        for (Map.Entry<Signal, SignalHandler> before :
                previous.entrySet()) { // no method reference to link after a signal
            Signal.handle(before.getKey(), before.getValue());
        }
        previous.clear();
    }

    /**
     * Why a signal inherited as ignored matters, for the cleanup log and standard error. SIGINT and SIGTERM ignored are
     * mistakes of the launcher; SIGHUP ignored is what {@code nohup} is for.
     */
    public static String inheritedIgnoredDetail(String name) {
        String signal = "SIG" + name + " was inherited as ignored, so this process cannot receive it: ";
        return switch (name) {
            case "HUP" ->
                signal + "closing the terminal will not stop it, as nohup intends; Ctrl+C (SIGINT) "
                        + "and SIGTERM still stop it cleanly.";
            case "INT" -> signal + "Ctrl+C will do nothing. " + resetAdvice(name);
            case "TERM" ->
                signal + "kill <pid>, and the stop of a service manager or container, will do nothing "
                        + "until they resort to SIGKILL, which skips every cleanup. " + resetAdvice(name);
            default -> signal + "SIG" + name + " will do nothing. " + resetAdvice(name);
        };
    }

    private static String resetAdvice(String name) {
        return "A non-interactive shell starts background jobs with SIGINT ignored, and a launcher may ignore "
                + "signals on purpose; start the program in the foreground, or reset the disposition "
                + "(for example: env --default-signal=" + name + " java ...).";
    }

    /**
     * Whether a signal inherited as ignored deserves a warning on standard error: every one but SIGHUP, which
     * {@code nohup} ignores on purpose. The cleanup log records them all.
     */
    public static boolean warnsWhenInheritedIgnored(String name) {
        return !name.equals("HUP");
    }

    /** The number of a signal by name ("INT" is 2), or -1 when this OS has no such signal. */
    public static int number(String name) {
        try {
            return new Signal(name).getNumber();
        } catch (IllegalArgumentException unknown) {
            return -1;
        }
    }
}
