package io.signaltest.sample.service.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void lines_are_their_own_offsets_in_hex() {
        String body = new String(Payload.bytes(40), StandardCharsets.US_ASCII);

        assertThat(body).isEqualTo("000000000000000\n000000000000010\n00000000");
    }

    @Test
    void a_line_far_into_a_large_body_names_its_offset() {
        long offset = 0xabcdef0L;
        StringBuilder line = new StringBuilder();
        for (long i = offset; i < offset + Payload.LINE; i++) {
            line.append((char) Payload.byteAt(i));
        }

        assertThat(line).hasToString("00000000abcdef0\n");
    }

    @Test
    void every_way_of_making_the_body_agrees_byte_for_byte() throws IOException {
        // longer than one chunk and not a whole number of lines, so the chunk edges fall mid-line
        int length = 3 * 8 * 1024 + 21;
        ByteArrayOutputStream written = new ByteArrayOutputStream();

        Payload.write(written, length);
        byte[] whole = Payload.bytes(length);

        assertThat(written.toByteArray()).isEqualTo(whole);
        for (int i = 0; i < length; i++) {
            assertThat(whole[i]).as("byte %d", i).isEqualTo(Payload.byteAt(i));
        }
    }

    @Test
    void an_empty_body_writes_nothing() throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();

        Payload.write(written, 0);

        assertThat(written.size()).isZero();
        assertThat(Payload.bytes(0)).isEmpty();
    }

    @Test
    void a_whole_body_has_no_mismatch() {
        assertThat(Payload.firstMismatch(Payload.bytes(1000), 1000)).isEqualTo(-1);
        assertThat(Payload.firstMismatch(new byte[0], 0)).isEqualTo(-1);
    }

    @Test
    void a_body_cut_short_mismatches_where_it_ends() {
        byte[] cut = Payload.bytes(700);

        assertThat(Payload.firstMismatch(cut, 1024)).isEqualTo(700);
    }

    @Test
    void a_body_too_long_mismatches_where_it_should_have_ended() {
        assertThat(Payload.firstMismatch(Payload.bytes(100), 64)).isEqualTo(64);
    }

    @Test
    void a_lost_byte_is_found_where_it_went_missing() {
        byte[] whole = Payload.bytes(64);
        byte[] oneLost = new byte[63];
        System.arraycopy(whole, 0, oneLost, 0, 20);
        System.arraycopy(whole, 21, oneLost, 20, 43);

        // byte 20 was "0" and byte 21 is "0" too: the loss shows at the first byte that differs
        assertThat(Payload.firstMismatch(oneLost, 64)).isBetween(20L, 31L);
    }

    @Test
    void a_changed_byte_is_found() {
        byte[] body = Payload.bytes(64);
        body[37] = 'x';

        assertThat(Payload.firstMismatch(body, 64)).isEqualTo(37);
    }

    @Test
    void a_negative_length_is_refused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Payload.bytes(-1))
                .withMessage("a body's length must be 0 or more, was -1");
    }
}
