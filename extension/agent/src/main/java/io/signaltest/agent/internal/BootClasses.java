package io.signaltest.agent.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the classes that the woven code calls in the bootstrap class loader, where the executors and the JVM's
 * shutdown live and can see them.
 *
 * <p>Defining just these classes there, rather than appending the agent jar to the bootstrap class path, keeps the
 * JVM's class-data sharing for the application's classes (an appended bootstrap path turns it off, and the JVM prints a
 * warning into the program's output).
 */
public final class BootClasses {

    /**
     * Everything the woven code reaches, superclasses first; none of them uses a class outside this list and the JDK.
     */
    static final List<String> NAMES = List.of(
            "io.signaltest.agent.internal.Tracked",
            "io.signaltest.agent.internal.Tracked$Executor",
            "io.signaltest.agent.internal.Tracked$Task",
            "io.signaltest.agent.internal.Tracked$State",
            "io.signaltest.agent.internal.SignalNames",
            "io.signaltest.agent.internal.Callers",
            "io.signaltest.agent.internal.TaskNames",
            "io.signaltest.agent.internal.AgentState",
            "io.signaltest.agent.internal.Holds",
            "io.signaltest.agent.internal.Ledger",
            "io.signaltest.agent.internal.PoolEvents",
            "io.signaltest.agent.internal.SemaphoreEvents",
            "io.signaltest.agent.internal.ExitEvents",
            "io.signaltest.agent.internal.RequestEvents",
            "io.signaltest.agent.internal.Recorder",
            // relocated into the agent's own package when the jar is built
            // a supertype before its subtypes: defining a class resolves its supertypes
            "io.signaltest.runtime.protocol.RecordBytes",
            "io.signaltest.runtime.protocol.LogWriter$TaskMembers",
            "io.signaltest.runtime.protocol.LogWriter$ConstantMembers",
            "io.signaltest.runtime.protocol.LogWriter",
            "io.signaltest.runtime.protocol.Json",
            "io.signaltest.runtime.protocol.WallClock");

    private BootClasses() {}

    /** Must run before anything in this jar refers to one of these classes. */
    public static void inject(Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(
                javaBase,
                Set.of(),
                Map.of("jdk.internal.misc", Set.of(BootClasses.class.getModule())),
                Map.of(),
                Set.of(),
                Map.of());
        try {
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            Method define = unsafeType.getMethod(
                    "defineClass",
                    String.class,
                    byte[].class,
                    int.class,
                    int.class,
                    ClassLoader.class,
                    java.security.ProtectionDomain.class);
            // the location as a URI, not its path: the path keeps escapes such as %20 for a space
            File location = new File(BootClasses.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            try (JarFile jar = new JarFile(location)) {
                for (String name : NAMES) {
                    byte[] bytes = read(jar, name);
                    define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's jar: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the agent's jar: " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define the agent's classes in the bootstrap class loader: " + e, e);
        }
    }

    /** Straight from the agent's jar: a class loader's resource lookup would load a URL handler's classes too. */
    private static byte[] read(JarFile jar, String name) {
        String resource = name.replace('.', '/') + ".class";
        try {
            JarEntry entry = jar.getJarEntry(resource);
            if (entry == null) {
                throw new IllegalStateException(resource + " is missing from the agent jar " + jar.getName());
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
