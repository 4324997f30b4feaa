package io.signaltest.junit.internal.run;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.service.ServiceTest;
import io.signaltest.runtime.Moment;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The attributes of a test annotation as {@link Scenario} validates them: those of {@link SignalTest}, which
 * {@code @ServiceTest} shares for the program and its deadlines. {@code annotation} names the annotation in the
 * messages of a misuse.
 */
record Declared(
        String annotation,
        Class<?> main,
        String jar,
        String[] command,
        String[] args,
        String[] jvmArgs,
        String[] env,
        boolean agent,
        String workingDirectory,
        Moment[] at,
        Moment firstSignalAt,
        String atLogEvent,
        String[] atLogFields,
        String atOutput,
        int atOutputCount,
        SignalTest.Args[] argSets,
        Signal[] signal,
        int repeat,
        Delivery delivery,
        long momentTimeoutMillis,
        long exitTimeoutMillis) {

    static Declared of(SignalTest a) {
        return new Declared(
                "@SignalTest",
                a.main(),
                a.jar(),
                a.command(),
                a.args(),
                a.jvmArgs(),
                a.env(),
                a.agent(),
                a.workingDirectory(),
                a.at(),
                a.firstSignalAt(),
                a.atLogEvent(),
                a.atLogFields(),
                a.atOutput(),
                a.atOutputCount(),
                a.argSets(),
                a.signal(),
                a.repeat(),
                a.delivery(),
                a.momentTimeoutMillis(),
                a.exitTimeoutMillis());
    }

    static Declared of(ServiceTest a) {
        return new Declared(
                "@ServiceTest",
                a.main(),
                a.jar(),
                a.command(),
                a.args(),
                a.jvmArgs(),
                a.env(),
                a.agent(),
                a.workingDirectory(),
                new Moment[0],
                Moment.ALL_SLOTS_FULL,
                "",
                new String[0],
                "",
                1,
                new SignalTest.Args[0],
                a.signal(),
                1,
                Delivery.PROCESS,
                a.momentTimeoutMillis(),
                0);
    }

    /** Whether the annotation names its program itself, rather than leaving it to the configuration. */
    boolean namesProgram() {
        return main != void.class || !jar.isBlank() || command.length > 0;
    }

    /** The error for a misuse of one of the annotation's attributes: "@SignalTest requires ...". */
    ExtensionConfigurationException misuse(String message) {
        return new ExtensionConfigurationException(annotation + " " + message);
    }
}
