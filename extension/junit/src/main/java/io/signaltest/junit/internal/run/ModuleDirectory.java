package io.signaltest.junit.internal.run;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;

/**
 * The directory of the build module that holds a test class: the nearest directory above the class's classpath root
 * with a build file ({@code pom.xml}, {@code build.gradle}, {@code build.gradle.kts}, {@code build.xml}). It stands for
 * {@value #PLACEHOLDER} in {@code @SignalTest} values, so that a test can name a script or resource of its module
 * however it is started (Maven in the module or at the root, Gradle, an IDE).
 */
public final class ModuleDirectory {

    /** In {@code @SignalTest} values: the test class's module directory. */
    public static final String PLACEHOLDER = "{moduleDir}";

    private static final List<String> BUILD_FILES = List.of("pom.xml", "build.gradle", "build.gradle.kts", "build.xml");

    private ModuleDirectory() {}

    /**
     * The module directory of {@code testClass}, or {@code fallback} when its classes come from no directory with a
     * build file above.
     */
    public static Path of(Class<?> testClass, Path fallback) {
        return classpathRoot(testClass).flatMap(ModuleDirectory::withBuildFile).orElse(fallback);
    }

    private static Optional<Path> classpathRoot(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty(); // not a file on this machine: no module to find
        }
    }

    private static Optional<Path> withBuildFile(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p;
            if (BUILD_FILES.stream().anyMatch(name -> Files.isRegularFile(candidate.resolve(name)))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
