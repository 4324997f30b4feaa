package io.signaltest.junit.internal.run;

import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.process.ChildLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child's own temporary directory, {@value SignalRun#TEMPORARY_DIRECTORY} in its run directory:
 * {@code java.io.tmpdir} of a JVM child and {@code TMPDIR} of any child. A program that spills to
 * {@code Files.createTempFile} or Python's {@code tempfile} then leaves its leftovers where a check can see them,
 * instead of in the machine's {@code /tmp}.
 */
final class ChildTemp {

    private ChildTemp() {}

    /** Creates the (empty) temporary directory of the run in {@code files}. */
    static Path create(RunDirectory files) {
        return files.createPrivateDirectory(SignalRun.TEMPORARY_DIRECTORY);
    }

    /**
     * {@code command} with {@code -Djava.io.tmpdir=<directory>} right after the {@code java} executable, when the
     * program is a JVM started by signaltest (a main class, a jar, or a command whose first element is {@code {java}});
     * other commands are returned unchanged.
     */
    static List<String> withJavaTempDirectory(Program program, List<String> command, Path directory) {
        boolean jvm = program instanceof Program.MainClass
                || program instanceof Program.Jar
                || program instanceof Program.Command given
                        && given.elements().get(0).equals(ChildLauncher.JAVA_PLACEHOLDER);
        if (!jvm) {
            return command;
        }
        List<String> withOption = new ArrayList<>(command);
        withOption.add(1, "-Djava.io.tmpdir=" + directory);
        return withOption;
    }

    /** Sets {@code TMPDIR}, unless the test set it itself in {@code env}. */
    static void setTmpdir(Map<String, String> environment, Path directory) {
        environment.putIfAbsent("TMPDIR", directory.toString());
    }
}
