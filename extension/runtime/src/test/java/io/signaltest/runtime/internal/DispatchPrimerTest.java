package io.signaltest.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

class DispatchPrimerTest {

    private static final Signal WINCH = new Signal("WINCH");

    @Test
    void runsTheDispatchOnceAndLeavesSigwinchAtItsDefault() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "reads the dispositions from /proc");
        assumeTrue(!mask("SigIgn").testBit(WINCH.getNumber() - 1), "this JVM inherited SIGWINCH as ignored");
        assertThat(mask("SigCgt").testBit(WINCH.getNumber() - 1))
                .as("SIGWINCH caught before priming")
                .isFalse();

        assertThat(DispatchPrimer.prime()).as("the priming handler ran").isTrue();

        assertThat(mask("SigCgt").testBit(WINCH.getNumber() - 1))
                .as("SIGWINCH caught after priming")
                .isFalse();
    }

    @Test
    void aHandlerOfTheProgramsIsLeftInPlace() {
        AtomicInteger calls = new AtomicInteger();
        SignalHandler programs = s -> calls.incrementAndGet();
        SignalHandler original = Signal.handle(WINCH, programs);
        try {
            assertThat(DispatchPrimer.prime())
                    .as("primed through somebody else's handler")
                    .isFalse();

            assertThat(Signal.handle(WINCH, programs))
                    .as("the SIGWINCH handler after priming")
                    .isSameAs(programs);
            assertThat(calls).as("calls of the program's handler").hasValue(0);
        } finally {
            Signal.handle(WINCH, original);
        }
    }

    /** A signal mask of this process from /proc/self/status, e.g. "SigCgt" (caught) or "SigIgn". */
    private static BigInteger mask(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith(name + ":"))
                .map(line -> new BigInteger(line.substring(name.length() + 1).trim(), 16))
                .findFirst()
                .orElseThrow();
    }
}
