package io.signaltest.junit.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's cache directory follows everything the archive depends on, so that none is ever stale. */
class ClassDataSharingTest {

    @TempDir
    Path root;

    @Test
    void theSameClasspathGivesTheSameDirectory() throws Exception {
        String classpath = classpath();
        assertThat(ClassDataSharing.key(classpath, List.of())).isEqualTo(ClassDataSharing.key(classpath, List.of()));
    }

    @Test
    void aChangedClassGivesANewDirectory() throws Exception {
        String classpath = classpath();
        String before = ClassDataSharing.key(classpath, List.of());
        Path type = root.resolve("classes/com/example/App.class");
        Files.write(type, new byte[] {1, 2, 3, 4});
        assertThat(ClassDataSharing.key(classpath, List.of())).isNotEqualTo(before);
    }

    @Test
    void aClassChangedWithinTheSameSizeGivesANewDirectory() throws Exception {
        String classpath = classpath();
        String before = ClassDataSharing.key(classpath, List.of());
        Files.write(root.resolve("classes/com/example/App.class"), new byte[] {1, 2, 4});
        assertThat(ClassDataSharing.key(classpath, List.of())).isNotEqualTo(before);
    }

    @Test
    void aBuildThatWritesTheSameFilesAgainKeepsTheDirectory() throws Exception {
        String classpath = classpath();
        String before = ClassDataSharing.key(classpath, List.of());
        for (Path file : List.of(root.resolve("classes/com/example/App.class"), root.resolve("lib.jar"))) {
            Files.write(file, Files.readAllBytes(file));
            Files.setLastModifiedTime(
                    file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        }
        assertThat(ClassDataSharing.key(classpath, List.of())).isEqualTo(before);
    }

    @Test
    void aChangedJarOrNewClassOrOtherOptionsGiveANewDirectory() throws Exception {
        String classpath = classpath();
        String before = ClassDataSharing.key(classpath, List.of());
        assertThat(ClassDataSharing.key(classpath, List.of("-XX:+UseSerialGC"))).isNotEqualTo(before);
        Files.write(root.resolve("lib.jar"), new byte[] {9, 9, 9});
        String changedJar = ClassDataSharing.key(classpath, List.of());
        assertThat(changedJar).isNotEqualTo(before);
        Files.write(root.resolve("classes/com/example/Other.class"), new byte[] {1});
        assertThat(ClassDataSharing.key(classpath, List.of())).isNotEqualTo(changedJar);
    }

    @Test
    void optionsThatChooseSharingThemselvesLeaveTheChildAsItIs() {
        String classpath = classpath();
        ClassDataSharing.Launch launch =
                ClassDataSharing.prepare(root.resolve("cache"), classpath, List.of("-Xshare:off"));
        assertThat(launch.classpath()).isEqualTo(classpath);
        assertThat(launch.jvmOptions()).isEmpty();
        assertThat(root.resolve("cache")).doesNotExist();
    }

    private String classpath() {
        try {
            Path type = root.resolve("classes/com/example/App.class");
            if (!Files.exists(type)) {
                Files.createDirectories(type.getParent());
                Files.write(type, new byte[] {1, 2, 3});
                Files.write(root.resolve("lib.jar"), new byte[] {7});
            }
            return root.resolve("classes") + File.pathSeparator + root.resolve("lib.jar");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
