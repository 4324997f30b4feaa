package io.signaltest.junit.internal.run;

import java.nio.file.Path;
import java.util.List;

/** The program under test, as one of the three ways {@code @SignalTest} can name it. */
public sealed interface Program {

    /** A main class on this JVM's classpath, run with this JVM's {@code java} and classpath. */
    record MainClass(Class<?> type) implements Program {
    }

    /** A runnable jar, run with this JVM's {@code java -jar}. */
    record Jar(Path path) implements Program {
    }

    /**
     * A whole command, never run through a shell. {@value ChildLauncher#JAVA_PLACEHOLDER} and
     * {@value ChildLauncher#CLASSPATH_PLACEHOLDER} in an element are replaced by this JVM's
     * {@code java} executable and classpath.
     */
    record Command(List<String> elements) implements Program {
        public Command {
            elements = List.copyOf(elements);
        }
    }
}
