package io.signaltest.agent;

import io.signaltest.agent.internal.AgentOptions;
import io.signaltest.agent.internal.BootClasses;
import io.signaltest.agent.internal.Installer;
import io.signaltest.runtime.protocol.HarnessEnvironment;
import java.lang.instrument.Instrumentation;
import java.util.Map;

/**
 * The {@code -javaagent} entry point: gives a program that runs its tasks on {@code java.util.concurrent} executors,
 * and does not use the signaltest runtime, the cleanup log and the held moments that {@code @SignalTest} needs, with no
 * change to its code.
 *
 * <pre>
 * java -javaagent:signaltest-agent.jar -cp app.jar com.example.BatchApp
 * </pre>
 *
 * <p>The agent acts only under a signaltest harness, that is when the environment variable {@code SIGNALTEST_LOG} is
 * set; otherwise it returns at once and changes nothing. It starts no thread: the program sees the same threads with it
 * as without it. Its option, after {@code =}: {@code follow=NAME} (the executor whose moments count: a class name or a
 * worker thread-name prefix).
 *
 * @since 0.1
 */
public final class SignalTestAgent {

    private SignalTestAgent() {}

    /**
     * Installs the agent. The classes that the instrumented executors call are defined in the bootstrap class loader
     * first: the executors live there, so that code must be found from there.
     */
    public static void premain(String options, Instrumentation instrumentation) {
        if (System.getenv(HarnessEnvironment.LOG) == null) {
            return; // not under a harness: nothing to record, nothing to change
        }
        Map<String, String> settings = AgentOptions.parse(options); // a mistyped option is said as such
        try {
            BootClasses.inject(instrumentation);
            Installer.install(settings, instrumentation);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(
                    "signaltest-agent could not install itself in this JVM ("
                            + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "): " + e
                            + ". It needs a HotSpot JVM of Java 17 or newer that allows -javaagent; without the agent, "
                            + "name the moment with atOutput instead of at.",
                    e);
        }
    }
}
