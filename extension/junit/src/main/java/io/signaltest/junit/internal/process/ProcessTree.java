package io.signaltest.junit.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A process and the processes below it, read from {@code /proc} (Linux): its name ({@code comm}), its command line and
 * its children, from {@code /proc/<pid>/task/<tid>/children} where the kernel offers that file, and otherwise from the
 * parent pid in every process's {@code stat}. Where there is no {@code /proc}, every process reads as unknown and has
 * no children: the callers then say less, never something wrong.
 */
public final class ProcessTree {

    /** The names ({@code comm}) of the shells whose signal handling signaltest knows. */
    private static final Set<String> SHELLS = Set.of("sh", "dash", "bash", "ash", "zsh", "ksh", "mksh", "busybox");
    /** Arguments longer than this (a classpath) are shown shortened in a command line. */
    private static final int LONG_ARGUMENT_CHARS = 200;

    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {}

    /** One process as {@code /proc} showed it: its pid, its parent's, its name and its arguments. */
    public record Proc(long pid, long ppid, String comm, List<String> argv) {

        public Proc {
            argv = List.copyOf(argv);
        }

        /** Whether the process is a shell (by its name: {@code sh}, {@code dash}, {@code bash}, ...). */
        public boolean isShell() {
            return ProcessTree.isShell(comm);
        }

        /** Whether the process is a Java virtual machine. */
        public boolean isJvm() {
            return comm.equals("java") || (!argv.isEmpty() && argv.get(0).endsWith("/java"));
        }

        /**
         * Its command line as the run's report shows commands: a long classpath as its number of entries, any other
         * very long argument cut short; its name when it has no arguments.
         */
        public String command() {
            if (argv.isEmpty()) {
                return comm;
            }
            List<String> shown = new ArrayList<>();
            for (String argument : argv) {
                String[] entries = argument.split(java.io.File.pathSeparator, -1);
                shown.add(
                        argument.length() <= LONG_ARGUMENT_CHARS
                                ? argument
                                : entries.length > 3
                                        ? "<classpath of " + entries.length + " entries>"
                                        : argument.substring(0, LONG_ARGUMENT_CHARS) + "…");
            }
            return String.join(" ", shown);
        }

        /** Whether this process is still alive now (not a zombie). */
        public boolean alive() {
            return read(pid).filter(p -> p.comm.equals(comm)).isPresent() && !zombie(pid);
        }

        @Override
        public String toString() {
            return "pid " + pid + " (" + command() + ")";
        }
    }

    /** Whether a process of this name ({@code comm}) is a shell. */
    public static boolean isShell(String comm) {
        return SHELLS.contains(comm);
    }

    /** Whether this machine has a {@code /proc} to read processes from. */
    public static boolean available() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    /** The process {@code pid} as {@code /proc} shows it now, or empty when it is gone or cannot be read. */
    public static Optional<Proc> read(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            Optional<Stat> stat = parseStat(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8));
            if (stat.isEmpty()) {
                return Optional.empty();
            }
            List<String> argv = parseCmdline(Files.readAllBytes(dir.resolve("cmdline")));
            return Optional.of(new Proc(pid, stat.get().ppid(), stat.get().comm(), argv));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** The name ({@code comm}) of process {@code pid}, or empty: one small read, to decide whether to look further. */
    public static Optional<String> comm(long pid) {
        try {
            return Optional.of(
                    Files.readString(PROC.resolve(Long.toString(pid)).resolve("comm"), StandardCharsets.UTF_8)
                            .strip());
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** The pids of the children of {@code pid}, sorted; empty when it has none or they cannot be read. */
    public static List<Long> children(long pid) {
        Path tasks = PROC.resolve(Long.toString(pid)).resolve("task");
        Set<Long> children = new TreeSet<>();
        boolean read = false;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                Path file = thread.resolve("children");
                if (Files.isReadable(file)) {
                    children.addAll(parseChildren(Files.readString(file, StandardCharsets.US_ASCII)));
                    read = true;
                }
            }
        } catch (IOException | RuntimeException gone) {
            return List.of();
        }
        return read ? List.copyOf(children) : childrenByParent(pid);
    }

    /** The children of {@code pid} found by the parent pid of every process: for kernels without the children file. */
    private static List<Long> childrenByParent(long pid) {
        String[] names = PROC.toFile().list();
        List<Long> children = new ArrayList<>();
        for (String name : names == null ? new String[0] : names) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                try {
                    Optional<Stat> stat =
                            parseStat(Files.readString(PROC.resolve(name).resolve("stat"), StandardCharsets.UTF_8));
                    if (stat.isPresent() && stat.get().ppid() == pid) {
                        children.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        children.sort(Long::compare);
        return List.copyOf(children);
    }

    /**
     * The processes below {@code pid}, parents before their children, leaving out each process that {@code skip}
     * accepts and everything below it.
     */
    public static List<Proc> descendants(long pid, java.util.function.Predicate<Proc> skip) {
        List<Proc> found = new ArrayList<>();
        Deque<Long> next = new ArrayDeque<>(children(pid));
        while (!next.isEmpty()) {
            long child = next.removeFirst();
            Optional<Proc> proc = read(child);
            if (proc.isEmpty() || skip.test(proc.get())) {
                continue;
            }
            found.add(proc.get());
            next.addAll(children(child));
        }
        return List.copyOf(found);
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException gone) {
            return true;
        }
    }

    /** The name and parent pid in a {@code stat} line. */
    record Stat(String comm, char state, long ppid) {}

    /**
     * Parses a {@code /proc/<pid>/stat} line: {@code pid (comm) state ppid ...}. The name may hold spaces and
     * parentheses, so the fields after it are read from the last {@code ')'}.
     */
    static Optional<Stat> parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] fields = stat.substring(close + 1).strip().split(" ");
        if (fields.length < 2 || fields[0].length() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new Stat(stat.substring(open + 1, close), fields[0].charAt(0), Long.parseLong(fields[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Parses a {@code children} file: pids separated by spaces. */
    static List<Long> parseChildren(String children) {
        String trimmed = children.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(trimmed.split("\\s+")).map(Long::parseLong).toList();
    }

    /** Parses a {@code cmdline} file: the arguments, each ended by a NUL byte. */
    static List<String> parseCmdline(byte[] cmdline) {
        String text = new String(cmdline, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        if (text.endsWith("\0")) {
            text = text.substring(0, text.length() - 1);
        }
        return List.of(text.split("\0", -1));
    }
}
