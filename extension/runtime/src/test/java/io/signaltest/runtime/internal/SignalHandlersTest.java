package io.signaltest.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

class SignalHandlersTest {

    @Test
    void installsHandlersAndPutsThePreviousOnesBack() {
        String name = handledSignal();
        SignalHandler mine = s -> {};
        SignalHandler original = Signal.handle(new Signal(name), mine);
        try {
            SignalHandlers installed = SignalHandlers.install(List.of(name), (n, number) -> {});
            assertThat(installed.dispositions()).containsEntry(name, SignalHandlers.Disposition.HANDLED);
            installed.restore();

            assertThat(Signal.handle(new Signal(name), mine))
                    .as("the handler in place after restore()")
                    .isSameAs(mine);
        } finally {
            Signal.handle(new Signal(name), original);
        }
    }

    @Test
    void anUnknownSignalIsReportedUnavailable() {
        SignalHandlers installed = SignalHandlers.install(List.of("NOSUCHSIGNAL"), (n, number) -> {});

        assertThat(installed.dispositions()).containsEntry("NOSUCHSIGNAL", SignalHandlers.Disposition.UNAVAILABLE);
        installed.restore();
    }

    @Test
    void aSignalInheritedAsIgnoredIsExplainedByWhatItStops() {
        assertThat(SignalHandlers.inheritedIgnoredDetail("INT"))
                .startsWith("SIGINT was inherited as ignored")
                .contains("Ctrl+C will do nothing", "env --default-signal=INT");
        assertThat(SignalHandlers.inheritedIgnoredDetail("TERM"))
                .startsWith("SIGTERM was inherited as ignored")
                .contains("kill <pid>", "env --default-signal=TERM")
                .doesNotContain("Ctrl+C");
        assertThat(SignalHandlers.inheritedIgnoredDetail("HUP"))
                .startsWith("SIGHUP was inherited as ignored")
                .contains("as nohup intends")
                .doesNotContain("will do nothing");
    }

    @Test
    void onlySighupIgnoredGoesWithoutAWarning() {
        assertThat(SignalHandlers.warnsWhenInheritedIgnored("INT")).isTrue();
        assertThat(SignalHandlers.warnsWhenInheritedIgnored("TERM")).isTrue();
        assertThat(SignalHandlers.warnsWhenInheritedIgnored("HUP")).isFalse();
    }

    @Test
    void knowsSignalNumbers() {
        assertThat(SignalHandlers.number("INT")).isEqualTo(2);
        assertThat(SignalHandlers.number("TERM")).isEqualTo(15);
        assertThat(SignalHandlers.number("HUP")).isEqualTo(1);
        assertThat(SignalHandlers.number("NOSUCHSIGNAL")).isEqualTo(-1);
    }

    /**
     * A signal this JVM can handle: the test JVM may have inherited some as ignored (see RealSignalIT for that case).
     */
    private static String handledSignal() {
        for (String name : List.of("TERM", "INT", "HUP")) {
            SignalHandler probe = s -> {};
            SignalHandler before = Signal.handle(new Signal(name), probe);
            if (before != SignalHandler.SIG_IGN) {
                Signal.handle(new Signal(name), before);
                return name;
            }
        }
        throw new IllegalStateException("this JVM ignores TERM, INT and HUP alike");
    }
}
