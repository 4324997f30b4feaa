package io.signaltest.junit.internal.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Keeps zt-exec's logging from speaking in a test run where nothing is wrong.
 *
 * <p>zt-exec logs through SLF4J. In a test JVM without an SLF4J binding, SLF4J 2 prints three "No SLF4J providers were
 * found" lines when the first zt-exec class loads (SLF4J 1.7, which zt-exec itself asks for, prints six, about
 * {@code StaticLoggerBinder} and {@code StaticMDCBinder}; the harness therefore depends on SLF4J 2). In exactly that
 * case, and only then, SLF4J is told to use the no-operation provider it would fall back to anyway, without announcing
 * it. A test JVM with a binding of its own, or one that chose a provider already, is left alone: its logging is the
 * user's.
 *
 * <p>Every harness class that uses zt-exec calls {@link #apply()} in its static initialiser, so that this runs before
 * SLF4J initialises.
 */
final class QuietSlf4j {

    static final String PROVIDER_PROPERTY = "slf4j.provider";
    static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";
    static final String FALLBACK_PROVIDER = "org.slf4j.helpers.NOP_FallbackServiceProvider";

    static {
        properties(QuietSlf4j.class.getClassLoader(), System.getProperties()).forEach(System::setProperty);
    }

    private QuietSlf4j() {}

    /** Does its work once, when this class initialises; later calls do nothing. */
    static void apply() {
        // the static initialiser above
    }

    /**
     * The system properties that silence SLF4J's no-binding warnings, or none: none when a binding (an SLF4J 2 provider
     * or an SLF4J 1.7 {@code StaticLoggerBinder}) is on the class path, when a provider was chosen already, or when
     * SLF4J is older than 2 (nothing silences 1.7).
     */
    static Map<String, String> properties(ClassLoader loader, Properties current) {
        Map<String, String> set = new LinkedHashMap<>();
        if (current.getProperty(PROVIDER_PROPERTY) != null
                || loader.getResource("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") != null
                || loader.getResource("org/slf4j/impl/StaticLoggerBinder.class") != null
                || loader.getResource(FALLBACK_PROVIDER.replace('.', '/') + ".class") == null) {
            return set;
        }
        set.put(PROVIDER_PROPERTY, FALLBACK_PROVIDER);
        if (current.getProperty(VERBOSITY_PROPERTY) == null) {
            // otherwise SLF4J says, at INFO level, that it loads the provider named by the property
            set.put(VERBOSITY_PROPERTY, "WARN");
        }
        return set;
    }
}
