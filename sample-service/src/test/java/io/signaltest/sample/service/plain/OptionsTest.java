package io.signaltest.sample.service.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaltest.sample.service.plain.Options.UsageException;
import io.signaltest.sample.service.plain.Options.Variant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void with_nothing_given_the_correct_service_listens_on_8080() throws UsageException {
        assertThat(Options.parse(List.of(), Map.of())).isEqualTo(new Options(8080, Variant.CORRECT));
    }

    @Test
    void takes_the_port_and_variant_from_the_environment() throws UsageException {
        Options options = Options.parse(List.of(), Map.of("PORT", "9001", "VARIANT", "stop-now"));

        assertThat(options).isEqualTo(new Options(9001, Variant.STOP_NOW));
    }

    @Test
    void the_command_line_wins_over_the_environment() throws UsageException {
        Options options = Options.parse(
                List.of("--port", "9002", "--variant", "correct"), Map.of("PORT", "9001", "VARIANT", "stop-now"));

        assertThat(options).isEqualTo(new Options(9002, Variant.CORRECT));
    }

    @Test
    void refuses_a_port_that_is_no_port() {
        assertThatThrownBy(() -> Options.parse(List.of("--port", "70000"), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("the port must be a number from 0 to 65535, was \"70000\"");
        assertThatThrownBy(() -> Options.parse(List.of(), Map.of("PORT", "http")))
                .isInstanceOf(UsageException.class)
                .hasMessage("the port must be a number from 0 to 65535, was \"http\"");
    }

    @Test
    void refuses_an_unknown_variant_naming_the_known_ones() {
        assertThatThrownBy(() -> Options.parse(List.of("--variant", "stop-later"), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown variant \"stop-later\": expected correct or stop-now");
    }

    @Test
    void refuses_an_option_without_its_value_and_an_unknown_argument() {
        assertThatThrownBy(() -> Options.parse(List.of("--port"), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> Options.parse(List.of("8080"), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown argument \"8080\"");
    }
}
