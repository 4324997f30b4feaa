package io.signaltest.junit.internal.process;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The live members of a process group, read from {@code /proc}: what a program left running behind it (a grandchild
 * still holding its output pipes, a daemon it spawned), named in the run's report before signaltest kills them. Empty
 * where there is no {@code /proc}.
 */
public final class ProcessGroup {

    private static final int CMDLINE_ATTEMPTS = 20;
    /** More than a stat line holds (its name is at most 64 bytes, its 52 numbers at most 20 digits each). */
    private static final int STAT_BYTES = 4096;

    private static final long CMDLINE_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private ProcessGroup() {}

    /** One process: its pid and its command line. */
    public record Member(long pid, String command) {
        @Override
        public String toString() {
            return "pid " + pid + ": " + command;
        }
    }

    /** The processes of group {@code pgid} that are alive now (zombies left out), sorted by pid. */
    public static List<Member> members(long pgid) {
        File proc = new File("/proc");
        if (!proc.isDirectory()) {
            return List.of();
        }
        // One snapshot of the names, not a lazy listing: processes come and go while we read, and a
        // listing that fails half-way would hide the very process we look for.
        String[] names = proc.list();
        List<Member> members = new ArrayList<>();
        byte[] buffer = new byte[STAT_BYTES];
        for (String name : names == null ? new String[0] : names) {
            if (isPid(name)) {
                member(proc, name, pgid, buffer, members);
            }
        }
        members.sort((a, b) -> Long.compare(a.pid(), b.pid()));
        return List.copyOf(members);
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads {@code /proc/<pid>/stat} into {@code buffer} and parses its bytes: a whole machine's processes are read at
     * every child's exit, and strings for each of them cost the test JVM several milliseconds a scan.
     */
    private static void member(File proc, String name, long pgid, byte[] buffer, List<Member> into) {
        File process = new File(proc, name);
        try {
            int length;
            try (FileInputStream in = new FileInputStream(new File(process, "stat"))) {
                length = in.readNBytes(buffer, 0, buffer.length);
            }
            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'
            int close = length - 1;
            while (close >= 0 && buffer[close] != ')') {
                close--;
            }
            int state = close + 2;
            if (close < 0 || state >= length || buffer[state] == 'Z' || pgrp(buffer, state, length) != pgid) {
                return;
            }
            String stat = new String(buffer, 0, length, StandardCharsets.UTF_8);
            into.add(new Member(Long.parseLong(name), commandLine(process.toPath(), stat)));
        } catch (IOException | RuntimeException gone) {
            // the process ended while we looked
        }
    }

    /** The process group in a stat line from its state field on (state ppid pgrp), or -1. */
    private static long pgrp(byte[] stat, int state, int length) {
        int field = 0;
        long value = 0;
        for (int i = state; i < length; i++) {
            byte b = stat[i];
            if (b == ' ') {
                if (field == 2) {
                    return value;
                }
                field++;
                value = 0;
            } else if (field == 2 && b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
            } else if (field == 2) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The process's command line, or its name when it has none to show. A process in the middle of an exec shows an
     * empty command line for a moment (a shell's {@code sleep 600 &} caught between fork and exec), so an empty one is
     * read again a few times before giving up.
     */
    private static String commandLine(Path process, String stat) throws IOException {
        for (int attempt = 0; attempt < CMDLINE_ATTEMPTS; attempt++) {
            byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
            String command =
                    new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (!command.isEmpty()) {
                return command;
            }
            LockSupport.parkNanos(CMDLINE_RETRY_NANOS);
        }
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }
}
