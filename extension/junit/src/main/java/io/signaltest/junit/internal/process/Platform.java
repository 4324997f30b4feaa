package io.signaltest.junit.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What this machine offers for starting children and signalling them. The tools are looked up at fixed paths, never on
 * {@code PATH}, and the {@code env --default-signal} probe runs once per JVM.
 */
public final class Platform {

    /** The signals whose disposition a child gets reset to the default. */
    public static final String DEFAULT_SIGNALS = "INT,TERM,HUP";

    private Platform() {}

    /** False on systems without POSIX signals (Windows). */
    public static boolean hasPosixSignals(String osName) {
        return !osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** This JVM's {@code java}, which runs the child: never the one on {@code PATH}. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** This JVM's {@code jcmd}, for thread dumps of a stuck child, when the Java installation has one. */
    public static Optional<Path> jcmd() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(jcmd) ? Optional.of(jcmd) : Optional.empty();
    }

    /** The {@code kill} program (procps or util-linux). */
    public static Optional<Path> kill() {
        return Tools.KILL;
    }

    /** The {@code sleep} program (coreutils), which paces the watcher of a {@link Supervisor}. */
    public static Optional<Path> sleep() {
        return Tools.SLEEP;
    }

    /** util-linux {@code setsid}, which starts the child as the leader of a new process group. */
    public static Optional<Path> setsid() {
        return Tools.SETSID;
    }

    /** util-linux {@code unshare}, which starts a child as PID 1 of a new PID namespace. */
    public static Optional<Path> unshare() {
        return Tools.UNSHARE;
    }

    /**
     * {@code env --default-signal=INT,TERM,HUP} when this machine's {@code env} supports it (GNU coreutils 8.31 or
     * newer), else empty: the child then inherits this JVM's dispositions.
     */
    public static List<String> defaultSignalsPrefix() {
        return Tools.DEFAULT_SIGNALS_PREFIX;
    }

    /** Looked up once, on first use. */
    private static final class Tools {
        static final Optional<Path> KILL = find("kill");
        static final Optional<Path> SETSID = find("setsid");
        static final Optional<Path> SLEEP = find("sleep");
        static final Optional<Path> UNSHARE = find("unshare");
        static final List<String> DEFAULT_SIGNALS_PREFIX = probeDefaultSignals();

        private static Optional<Path> find(String name) {
            for (String directory : List.of("/bin", "/usr/bin", "/usr/local/bin")) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }

        private static List<String> probeDefaultSignals() {
            Optional<Path> env = find("env");
            if (env.isEmpty()) {
                return List.of();
            }
            List<String> prefix = List.of(env.get().toString(), "--default-signal=" + DEFAULT_SIGNALS);
            try {
                Process probe = new ProcessBuilder(prefix)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
                probe.getOutputStream().close();
                if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                    probe.destroyForcibly();
                    return List.of();
                }
                return probe.exitValue() == 0 ? prefix : List.of();
            } catch (IOException e) {
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }
}
