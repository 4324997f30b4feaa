package io.signaltest.junit.internal.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The program under test, as one of the three ways {@code @SignalTest} can name it. */
public sealed interface Program {

    /**
     * A main class, run with this JVM's {@code java}: on {@code classpath} when given, else on this JVM's classpath.
     */
    record MainClass(String className, Optional<String> classpath) implements Program {}

    /** A runnable jar, run with this JVM's {@code java -jar}. */
    record Jar(Path path) implements Program {}

    /**
     * A whole command, never run through a shell. {@code {java}} and {@code {classpath}} in an element are replaced by
     * this JVM's {@code java} executable and classpath.
     */
    record Command(List<String> elements) implements Program {
        public Command {
            elements = List.copyOf(elements);
        }
    }

    /** Whether the program is a JVM that signaltest starts itself, so that JVM options apply. */
    default boolean isJvm() {
        return !(this instanceof Command);
    }
}
