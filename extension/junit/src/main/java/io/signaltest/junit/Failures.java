package io.signaltest.junit;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.AssertionErrorCreator;

/**
 * The failures of several checks of one run, collected and thrown as one error, so that a scenario reports every broken
 * guarantee at once. Soft assertions by hand: AssertJ's {@code SoftAssertions.proxy} generates a Byte Buddy subclass
 * per assertion class, which cost a fresh test JVM seconds of CPU in every matrix run; each check here fails with one
 * error, so collecting them gives the same failure.
 */
final class Failures {

    private final List<AssertionError> failures = new ArrayList<>();

    /** Runs {@code check}, keeping its failure. */
    void check(Runnable check) {
        try {
            check.run();
        } catch (AssertionError failure) {
            failures.add(failure);
        }
    }

    /** Throws the failures kept, if any. */
    void throwIfAny() {
        if (!failures.isEmpty()) {
            throw new AssertionErrorCreator().multipleSoftAssertionsError(failures);
        }
    }
}
