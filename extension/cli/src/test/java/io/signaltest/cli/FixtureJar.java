package io.signaltest.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** A runnable jar of the test fixtures, built by the test that needs it, as a user's build would make one. */
final class FixtureJar {

    private FixtureJar() {}

    /** Writes {@code jar}: every class of {@code main}'s package, with {@code main} as its Main-Class. */
    static Path runnable(Path jar, Class<?> main) throws IOException {
        Path classes = Path.of("target/test-classes").toAbsolutePath();
        String packagePath = main.getPackageName().replace('.', '/');
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve(packagePath))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            for (Path file : files) {
                jarOut.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jarOut);
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
