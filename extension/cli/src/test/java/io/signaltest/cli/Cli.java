package io.signaltest.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged console runner, {@code java -jar signaltest-cli-<version>.jar}, as a script would. */
final class Cli {

    /** Only a stuck runner ever reaches this; the runner's own deadlines end a stuck scenario first. */
    private static final long DEADLINE_SECONDS = 600;

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private Cli() {}

    static Path jar() {
        return Path.of(System.getProperty("signaltest.cli.jar", "target/signaltest-cli.jar"))
                .toAbsolutePath();
    }

    static Path sampleAppJar() {
        return Path.of(System.getProperty("sample.app.jar", "../../sample-app/target/signaltest-sample-app.jar"))
                .toAbsolutePath()
                .normalize();
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Runs the runner in {@code workingDirectory}; its stdout and stderr are captured beside that directory, so that a
     * test can see everything the runner itself wrote there.
     */
    static Result run(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java().toString(), "-jar", jar().toString()));
        command.addAll(List.of(arguments));
        Files.createDirectories(workingDirectory);
        Path out = Files.createTempFile(workingDirectory.toAbsolutePath().getParent(), "cli-", ".out");
        Path err = Files.createTempFile(workingDirectory.toAbsolutePath().getParent(), "cli-", ".err");
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the console runner did not end within " + DEADLINE_SECONDS + " s: " + command
                    + "\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
