package io.signaltest.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/**
 * Checks, before any scenario runs, that the program can be started at all: the jar exists and is a jar, the main class
 * is on the given classpath, the command's executable exists. A failure here is exit code 3, with a message that says
 * what is missing and where it was looked for.
 */
final class ProgramCheck {

    private ProgramCheck() {}

    static Path jar(Path jar) {
        Path file = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new CannotStartException("cannot start the program: the jar " + file + " does not exist. "
                    + "Build it first, or give the right path to --jar.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            if (magic.length < 2 || magic[0] != 'P' || magic[1] != 'K') {
                throw new CannotStartException(
                        "cannot start the program: " + file + " is not a jar (a jar is a zip file). "
                                + "Give --jar the runnable jar that 'java -jar' starts.");
            }
        } catch (IOException e) {
            throw new CannotStartException("cannot start the program: cannot read the jar " + file + " ("
                    + e.getMessage() + "). Make it readable.");
        }
        return file;
    }

    static void mainClass(String mainClass, String classpath) {
        String entry = mainClass.replace('.', '/') + ".class";
        for (String element : classpath.split(File.pathSeparator)) {
            if (element.isBlank()) {
                continue;
            }
            if (element.endsWith("*")) {
                Path directory = Path.of(element.substring(0, element.length() - 1));
                try (var jars = Files.list(directory.toAbsolutePath())) {
                    if (jars.filter(p -> p.toString().endsWith(".jar")).anyMatch(p -> holds(p, entry))) {
                        return;
                    }
                } catch (IOException | RuntimeException unreadable) {
                    // not a directory: the class is not there
                }
            } else if (holds(Path.of(element), entry)) {
                return;
            }
        }
        throw new CannotStartException("cannot start the program: the main class " + mainClass + " is not on the "
                + "classpath " + classpath + " (looked for " + entry + " in each entry). Build the program first, "
                + "or fix --main or --classpath.");
    }

    private static boolean holds(Path element, String entry) {
        Path path = element.toAbsolutePath();
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve(entry));
        }
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.getEntry(entry) != null;
        } catch (IOException notAJar) {
            return false;
        }
    }

    static void command(String executable) {
        if (executable.contains("{java}")) {
            return;
        }
        if (executable.contains("/")) {
            Path file = Path.of(executable).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
                throw new CannotStartException("cannot start the program: " + file
                        + (Files.exists(file)
                                ? " is not an executable file. Make it executable (chmod +x), or run it "
                                        + "through its interpreter."
                                : " does not exist. Fix the command after '--'."));
            }
            return;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return;
            }
        }
        throw new CannotStartException("cannot start the program: no executable " + executable + " on the PATH (" + path
                + "). Install it, or give its full path after '--'.");
    }
}
