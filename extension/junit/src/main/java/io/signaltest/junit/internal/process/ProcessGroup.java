package io.signaltest.junit.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The live members of a process group, read from {@code /proc}: what a program left running
 * behind it (a grandchild still holding its output pipes, a daemon it spawned), named in the
 * run's report before signaltest kills them. Empty where there is no {@code /proc}.
 */
public final class ProcessGroup {

    private static final int CMDLINE_ATTEMPTS = 20;
    private static final long CMDLINE_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private ProcessGroup() {
    }

    /** One process: its pid and its command line. */
    public record Member(long pid, String command) {
        @Override
        public String toString() {
            return "pid " + pid + ": " + command;
        }
    }

    /** The processes of group {@code pgid} that are alive now (zombies left out), sorted by pid. */
    public static List<Member> members(long pgid) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return List.of();
        }
        // One snapshot of the names, not a lazy listing: processes come and go while we read, and a
        // listing that fails half-way would hide the very process we look for.
        String[] names = proc.toFile().list();
        List<Member> members = new ArrayList<>();
        for (String name : names == null ? new String[0] : names) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                member(proc.resolve(name), pgid, members);
            }
        }
        members.sort((a, b) -> Long.compare(a.pid(), b.pid()));
        return List.copyOf(members);
    }

    private static void member(Path process, long pgid, List<Member> into) {
        try {
            String stat = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (after[0].equals("Z") || Long.parseLong(after[2]) != pgid) {
                return;
            }
            long pid = Long.parseLong(process.getFileName().toString());
            into.add(new Member(pid, commandLine(process, stat)));
        } catch (IOException | RuntimeException gone) {
            // the process ended while we looked
        }
    }

    /**
     * The process's command line, or its name when it has none to show. A process in the middle
     * of an exec shows an empty command line for a moment (a shell's {@code sleep 600 &} caught
     * between fork and exec), so an empty one is read again a few times before giving up.
     */
    private static String commandLine(Path process, String stat) throws IOException {
        for (int attempt = 0; attempt < CMDLINE_ATTEMPTS; attempt++) {
            byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
            String command = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (!command.isEmpty()) {
                return command;
            }
            LockSupport.parkNanos(CMDLINE_RETRY_NANOS);
        }
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }
}
