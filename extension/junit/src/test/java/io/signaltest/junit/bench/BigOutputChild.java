package io.signaltest.junit.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A program that prints a lot: {@code <bytes>} bytes of standard output in lines of 100 bytes ({@code "line 0000000042
 * xxx...\n"}), then {@code ready}, and then waits for a signal (SIGINT ends it with the JVM's default 130). It knows
 * nothing of signaltest: the moment is its output.
 *
 * <pre>{@code
 * java -cp <test classpath> io.signaltest.junit.bench.BigOutputChild 1073741824
 * }</pre>
 */
public final class BigOutputChild {

    /** Every line, newline included, has this many bytes. */
    static final int LINE_BYTES = 100;

    private BigOutputChild() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        long bytes = Long.parseLong(args[0]);
        ProcessHandle.current()
                .parent()
                .ifPresent(parent ->
                        parent.onExit().thenRun(() -> Runtime.getRuntime().halt(125)));
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        byte[] line = new byte[LINE_BYTES];
        Arrays.fill(line, (byte) 'x');
        line[LINE_BYTES - 1] = '\n';
        for (long i = 0; i < bytes / LINE_BYTES; i++) {
            line[0] = 'l';
            line[1] = 'i';
            line[2] = 'n';
            line[3] = 'e';
            line[4] = ' ';
            long n = i;
            for (int digit = 14; digit >= 5; digit--) {
                line[digit] = (byte) ('0' + n % 10);
                n /= 10;
            }
            line[15] = ' ';
            out.write(line);
        }
        out.write("ready\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        new CountDownLatch(1).await();
    }
}
