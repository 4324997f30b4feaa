package io.signaltest.sample.service.payload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of a {@code /work} answer: {@code length} bytes that a client can check byte by byte.
 *
 * <p>The body is a run of 16-byte lines, each one its own byte offset as 15 lowercase hex digits and a newline
 * ({@code 000000000000000\n000000000000010\n...}), the last line cut to fit. So every byte depends only on its
 * position: a body cut short, or with bytes lost or repeated, no longer matches, and a person reading one sees at once
 * where it stopped.
 */
public final class Payload {

    /** The length of one line, newline included. */
    public static final int LINE = 16;

    private static final int CHUNK = 8 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Payload() {}

    /** The byte at {@code index} of every body longer than {@code index}. */
    public static byte byteAt(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be 0 or more, was " + index);
        }
        int column = (int) (index % LINE);
        if (column == LINE - 1) {
            return '\n';
        }
        long lineOffset = index - column;
        int shift = 4 * (LINE - 2 - column);
        return HEX[(int) (lineOffset >>> shift) & 0xf];
    }

    /** The whole body of {@code length} bytes, for a body small enough to hold in memory. */
    public static byte[] bytes(int length) {
        byte[] body = new byte[checkLength(length)];
        fill(body, 0, body.length);
        return body;
    }

    /** Writes the body of {@code length} bytes to {@code out} in chunks, without holding it whole. */
    public static void write(OutputStream out, long length) throws IOException {
        checkLength(length);
        byte[] chunk = new byte[(int) Math.min(CHUNK, length)];
        for (long offset = 0; offset < length; offset += chunk.length) {
            int size = (int) Math.min(chunk.length, length - offset);
            fill(chunk, offset, size);
            out.write(chunk, 0, size);
        }
    }

    /**
     * Where {@code body} first differs from the body of {@code expectedLength} bytes: the index of the first wrong
     * byte, or the length of the shorter of the two when one is a prefix of the other, or -1 when {@code body} is
     * exactly that body.
     */
    public static long firstMismatch(byte[] body, long expectedLength) {
        checkLength(expectedLength);
        long common = Math.min(body.length, expectedLength);
        for (int i = 0; i < common; i++) {
            if (body[i] != byteAt(i)) {
                return i;
            }
        }
        return body.length == expectedLength ? -1 : common;
    }

    private static void fill(byte[] target, long offset, int size) {
        if (offset % LINE == 0 && size % LINE == 0) {
            // the common case: whole lines, written one line at a time
            for (int i = 0; i < size; i += LINE) {
                writeLine(target, i, offset + i);
            }
            return;
        }
        for (int i = 0; i < size; i++) {
            target[i] = byteAt(offset + i);
        }
    }

    private static void writeLine(byte[] target, int at, long lineOffset) {
        long value = lineOffset;
        for (int i = LINE - 2; i >= 0; i--) {
            target[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        target[at + LINE - 1] = '\n';
    }

    private static int checkLength(int length) {
        checkLength((long) length);
        return length;
    }

    private static long checkLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("a body's length must be 0 or more, was " + length);
        }
        return length;
    }
}
