package io.signaltest.sample.service.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc/self/stat}: this JVM's own (user + system), and that of its children that have ended and
 * been waited for (with theirs in turn). Linux only; the kernel counts in ticks of 10 ms ({@code USER_HZ} is 100 on
 * Linux).
 */
record CpuTicks(long own, long children) {

    private static final long MILLIS_PER_TICK = 10;

    static CpuTicks ofThisJvm() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // after "pid (comm) ": state is field 3, so utime (14), stime, cutime, cstime are at 11 to 14 here
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return new CpuTicks(
                    Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14]));
        } catch (IOException e) {
            throw new UncheckedIOException("the service bench reads CPU times from /proc (Linux only)", e);
        }
    }

    long ownMillis() {
        return own * MILLIS_PER_TICK;
    }

    long childrenMillis() {
        return children * MILLIS_PER_TICK;
    }
}
