package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.junit.internal.process.ClassDataSharing;
import io.signaltest.runtime.Moment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@link SignalTest#CLASS_DATA_SHARING_PROPERTY}: the first child lists the classes it loads, an archive is made of
 * them, later children load their classes (the JDK's too) from it, and an archive the JVM cannot use changes nothing a
 * test sees: the run passes and the child's output holds no word of it.
 */
class ClassDataSharingIT {

    private static final long ARCHIVE_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);

    @TempDir
    Path output;

    @Test
    void laterChildrenLoadTheirClassesFromTheArchiveTheFirstOneWrote() throws Exception {
        List<String> first = runOnce();
        assertThat(first).anyMatch(line -> line.startsWith("-XX:DumpLoadedClassList="));
        Path archive = awaitArchive();

        List<String> second = runOnce();
        assertThat(second).contains("-XX:SharedArchiveFile=" + archive);
        // The classpath's directories were packed into jars, which the JVM can archive, and its jars
        // copied, so that a build that writes them again does not make the JVM refuse the archive.
        assertThat(classpathOf(second))
                .noneMatch(Files::isDirectory)
                .allMatch(entry -> entry.startsWith(archive.getParent()));
        // One archive, the JDK's classes and the program's: a static one, not one on top of the JDK's.
        assertThat(Files.readAllLines(latest("classes.txt")))
                .anyMatch(line -> line.contains(" io.signaltest.runtime.TaskRunner source: shared objects file"))
                .noneMatch(line -> line.contains("shared objects file (top)"));
        // Mapped where it was made to be, not moved to a random address and rewritten (the JDK's default). The JVM
        // names its relocation mode only when it moves archives on purpose.
        assertThat(second).containsSubsequence("-XX:ArchiveRelocationMode=0", "-XX:SharedArchiveFile=" + archive);
        assertThat(Files.readAllLines(latest("cds.txt")))
                .anyMatch(line -> line.contains("Mapped static  region"))
                .noneMatch(line -> line.contains("ArchiveRelocationMode == 1"));
        assertNoWordOfSharingInTheOutput();
    }

    @Test
    void anArchiveTheJvmCannotUseChangesNothingTheTestSees() throws Exception {
        runOnce();
        Path archive = awaitArchive();
        // A jar that changed after the archive was made: the JVM refuses the archive, and says so
        // on stdout unless told not to.
        try (Stream<Path> jars = Files.list(archive.resolveSibling("classpath"))) {
            for (Path jar : jars.toList()) {
                Files.setLastModifiedTime(
                        jar,
                        java.nio.file.attribute.FileTime.fromMillis(
                                Files.getLastModifiedTime(jar).toMillis() + 10_000));
            }
        }

        List<String> command = runOnce();
        assertThat(command).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(Files.readAllLines(latest("classes.txt")))
                .noneMatch(line -> line.contains("io.signaltest.runtime.TaskRunner source: shared objects file"));
        assertNoWordOfSharingInTheOutput();
    }

    @Test
    void offByDefault() throws Exception {
        EngineExecutionResults results =
                FixtureKit.run(TestCases.class, Map.of(SignalTest.OUTPUT_DIRECTORY_PROPERTY, output.toString()));
        FixtureKit.assertNoFailures(results);
        assertThat(Files.readAllLines(latest("command.txt")))
                .noneMatch(line -> line.contains("Shared") || line.contains("DumpLoadedClassList"));
        assertThat(output.resolve(ClassDataSharing.DIRECTORY)).doesNotExist();
    }

    /** Runs the test case with sharing on; returns the child's command, one element a line. */
    private List<String> runOnce() throws IOException {
        EngineExecutionResults results = FixtureKit.run(
                TestCases.class,
                Map.of(
                        SignalTest.OUTPUT_DIRECTORY_PROPERTY,
                        output.toString(),
                        SignalTest.CLASS_DATA_SHARING_PROPERTY,
                        "true"));
        FixtureKit.assertPassed(results, 1);
        return Files.readAllLines(latest("command.txt"));
    }

    /** The archive appears once the first child has exited and a JVM has checked it: an event, with a long deadline. */
    private Path awaitArchive() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ARCHIVE_DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            try (Stream<Path> directories = Files.list(output.resolve(ClassDataSharing.DIRECTORY))) {
                List<Path> archives = directories
                        .map(d -> d.resolve("archive.jsa"))
                        .filter(Files::isRegularFile)
                        .toList();
                if (!archives.isEmpty()) {
                    assertThat(archives).hasSize(1);
                    return archives.get(0);
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no archive under " + output.resolve(ClassDataSharing.DIRECTORY) + " within "
                + TimeUnit.NANOSECONDS.toSeconds(ARCHIVE_DEADLINE_NANOS) + " s of the first child's run");
    }

    private void assertNoWordOfSharingInTheOutput() throws IOException {
        for (String file : List.of("stdout.txt", "stderr.txt")) {
            assertThat(Files.readString(latest(file), StandardCharsets.UTF_8))
                    .doesNotContainIgnoringCase("cds")
                    .doesNotContainIgnoringCase("shared archive")
                    .doesNotContainIgnoringCase("warning");
        }
    }

    private Path latest(String file) {
        return output.resolve(TestCases.class.getName().replace('$', '.'))
                .resolve("run")
                .resolve("ALL_SLOTS_FULL-SIGINT")
                .resolve(file);
    }

    private static List<Path> classpathOf(List<String> command) {
        String classpath = command.get(command.indexOf("-cp") + 1);
        return Stream.of(classpath.split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(Path::of)
                .toList();
    }

    static class TestCases {
        @SignalTest(
                main = RuntimeApp.class,
                at = Moment.ALL_SLOTS_FULL,
                args = {"--tasks", "2", "--max-concurrent", "2"},
                jvmArgs = {
                    "-XX:+UseSerialGC",
                    "-Xlog:class+load=info:file={runDir}/classes.txt",
                    "-Xlog:cds=info:file={runDir}/cds.txt"
                })
        void run(SignalRun run) {
            assertThat(run.exitCode()).isEqualTo(130);
        }
    }
}
