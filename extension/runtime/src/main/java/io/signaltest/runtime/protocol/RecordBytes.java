package io.signaltest.runtime.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Records encoded straight to UTF-8 bytes, for the many task records a run writes at once: no {@code String} per record
 * and no copy of a whole batch, which is most of the cost of writing a hundred thousand records after a signal. Not
 * thread-safe: {@link LogWriter} guards it.
 */
final class RecordBytes {

    private byte[] bytes = new byte[1 << 16];
    private int length;

    int length() {
        return length;
    }

    RecordBytes append(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    RecordBytes append(char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
        return this;
    }

    /** Appends a non-negative number in decimal. */
    RecordBytes appendDecimal(long value) {
        ensure(20);
        if (value == 0) {
            bytes[length++] = '0';
            return this;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return this;
    }

    /** Appends text, already JSON-encoded, as UTF-8: byte by byte when it is ASCII, the common case. */
    RecordBytes append(CharSequence text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = text.subSequence(i, n).toString().getBytes(StandardCharsets.UTF_8);
                return append(utf8);
            }
            bytes[length++] = (byte) c;
        }
        return this;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    void clear() {
        length = 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
