package io.signaltest.agent.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signal numbers and names (Linux), and the dispositions this process started with. */
final class SignalNames {

    private SignalNames() {}

    static String of(int number) {
        switch (number) {
            case 1:
                return "HUP";
            case 2:
                return "INT";
            case 3:
                return "QUIT";
            case 15:
                return "TERM";
            default:
                return Integer.toString(number);
        }
    }

    /**
     * INT, TERM and HUP: {@code handled}, or {@code inherited-ignored} when the kernel lists them as ignored. The JVM
     * leaves a signal that was ignored at its start ignored, so the mask read after start-up tells, without touching
     * any handler.
     */
    static Map<String, String> dispositions() {
        long ignored = ignoredMask();
        Map<String, String> dispositions = new LinkedHashMap<>();
        dispositions.put("INT", bit(ignored, 2));
        dispositions.put("TERM", bit(ignored, 15));
        dispositions.put("HUP", bit(ignored, 1));
        return dispositions;
    }

    private static String bit(long mask, int signal) {
        return (mask & (1L << (signal - 1))) != 0 ? "inherited-ignored" : "handled";
    }

    private static long ignoredMask() {
        // java.io rather than java.nio.file: fewer classes to load at the start of every child JVM
        try (FileInputStream in = new FileInputStream("/proc/self/status")) {
            String status = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int at = status.indexOf("SigIgn:");
            if (at >= 0) {
                int end = status.indexOf('\n', at);
                return Long.parseUnsignedLong(
                        status.substring(at + "SigIgn:".length(), end < 0 ? status.length() : end)
                                .trim(),
                        16);
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux: report every signal as handled
        }
        return 0;
    }
}
