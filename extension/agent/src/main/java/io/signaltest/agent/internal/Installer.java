package io.signaltest.agent.internal;

import io.signaltest.runtime.protocol.HarnessEnvironment;
import io.signaltest.runtime.protocol.LogWriter;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Installs the agent: reads the harness's environment, opens the log, and weaves the calls into the JDK. */
public final class Installer {

    private Installer() {}

    /** Installs the agent with {@code settings}, the options {@link AgentOptions#parse} read. */
    public static void install(Map<String, String> settings, Instrumentation instrumentation) {
        HarnessEnvironment harness = HarnessEnvironment.of(System.getenv());
        // The woven code in java.base calls the Recorder, in the bootstrap loader's unnamed module.
        instrumentation.redefineModule(
                Object.class.getModule(), Set.of(Recorder.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        // So does the woven filter chain of the JDK's HttpServer, in a module of its own.
        Module httpServer = ModuleLayer.boot().findModule("jdk.httpserver").orElse(null);
        if (httpServer != null) { // no lambda: the agent's start-up loads as few classes as it can
            instrumentation.redefineModule(
                    httpServer, Set.of(Recorder.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        }
        Recorder.start(
                LogWriter.open(harness.log().orElseThrow()),
                harness.holds(),
                harness.holdTimeoutMs(),
                settings.get("follow"),
                version());
        Weaver weaver = new Weaver(runtimeLogClass());
        instrumentation.addTransformer(weaver, true);
        List<String> targets = weaver.targets();
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (targets.contains(type.getName()) && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        try {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException e) {
            throw new IllegalStateException("this JVM does not let the agent instrument " + e.getMessage(), e);
        }
        // No thread of its own: a program must see the same threads with the agent as without it. The
        // harness tells a program with no executor by the log (no executor_seen), and its supervisor
        // kills a child whose test JVM is gone.
    }

    /**
     * The runtime's log writer, as the application loads it. Built at run time on purpose: the agent carries its own,
     * relocated copy of that class, and relocation rewrites constants.
     */
    private static String runtimeLogClass() {
        return String.join(".", "io", "signaltest", "runtime", "protocol", "LogWriter");
    }

    private static String version() {
        String version = Installer.class.getPackage() == null
                ? null
                : Installer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
