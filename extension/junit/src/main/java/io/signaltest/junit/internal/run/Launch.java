package io.signaltest.junit.internal.run;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.files.RunFacts;
import io.signaltest.junit.internal.process.ChildLauncher;
import io.signaltest.junit.internal.process.ChildProcess;
import io.signaltest.junit.internal.process.NamespaceInit;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.process.Signals;
import io.signaltest.junit.internal.process.Supervisor;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The start of a run's child, for every kind of run: the machine's tools checked, the command line made
 * ({@link ChildCommand}) and started, and the command kept in the run's directory.
 */
final class Launch {

    private Launch() {}

    /** Starts the child of {@code run} and hands it to {@code onStart}, which ties its lifetime to the test. */
    static void start(LiveRun run, Consumer<ChildProcess> onStart) {
        Signals.prepare(); // in the background, so that the signal does not wait for it later
        if (Platform.kill().isEmpty()) {
            throw new ExtensionConfigurationException("signaltest delivers signals with the kill program, which is "
                    + "not in /bin, /usr/bin or /usr/local/bin: install procps (or util-linux) on this machine.");
        }
        if (run.scenario.delivery() == Delivery.PROCESS_GROUP && !Supervisor.available()) {
            throw new ExtensionConfigurationException("@SignalTest `delivery = PROCESS_GROUP` starts the child through "
                    + "the setsid program, which is not in /bin, /usr/bin or /usr/local/bin: install util-linux, "
                    + "or use delivery = Delivery.PROCESS.");
        }
        if (run.scenario.delivery() == Delivery.PID_1
                && (NamespaceInit.prefix().isEmpty() || !Supervisor.available())) {
            throw new ExtensionConfigurationException("@SignalTest `delivery = PID_1` starts the child as PID 1 of a "
                    + "new PID namespace (util-linux's unshare), under signaltest's watcher (/bin/sh, setsid, sleep), "
                    + "and this machine cannot: "
                    + (NamespaceInit.prefix().isEmpty()
                            ? NamespaceInit.problem()
                            : "/bin/sh, setsid or sleep is missing")
                    + ". Run the tests as root or where the kernel allows unprivileged user namespaces (a container "
                    + "may forbid both), install util-linux, or use delivery = Delivery.PROCESS.");
        }
        ChildLauncher.Request request = ChildCommand.request(run.invocation, run.files, run.progress, run.placeholders);
        run.startNanos = System.nanoTime();
        try {
            run.child = ChildLauncher.start(request);
        } catch (IOException e) {
            throw couldNotStart(run, request, e);
        }
        run.files.write(
                RunDirectory.COMMAND,
                String.join(System.lineSeparator(), run.child.command()) + System.lineSeparator());
        onStart.accept(run.child);
    }

    private static HarnessFailure couldNotStart(LiveRun run, ChildLauncher.Request request, IOException e) {
        String nl = System.lineSeparator();
        String message = "signaltest could not start the program under test: " + e.getMessage() + nl
                + "Expected it to start with: " + String.join(" ", request.program()) + nl
                + "What to do: check that the program exists and is executable, and the working directory "
                + run.scenario.workingDirectory().map(Object::toString).orElse("(this JVM's)") + ".";
        run.files.write(RunDirectory.REPORT, message + nl);
        String summary = "could not start the program under test: " + e.getMessage();
        new RunFacts(0, -1, run.signalName(), run.momentName(), run.startNanos, -1, List.of(), -1, -1, null, summary)
                .write(run.files);
        return new HarnessFailure(message, summary, HarnessFailure.Outcome.NOT_STARTED, null);
    }
}
