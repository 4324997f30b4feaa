package io.signaltest.junit.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path base;

    @Test
    void eachRunGetsAPrivateDirectoryInThisJvmsSession() {
        RunDirectory files =
                RunDirectory.prepare(base, "com.example.AppIT$Nested", "ctrlC", "QUEUE_WAITING, SIGINT x3");
        assertThat(files.path())
                .isEqualTo(base.resolve(RunDirectory.SESSIONS)
                        .resolve(RunDirectory.session())
                        .resolve("com.example.AppIT.Nested/ctrlC/QUEUE_WAITING-SIGINT-x3"))
                .isDirectory();
        assertThat(files.file(RunDirectory.LOG)).hasFileName("cleanup.jsonl");
    }

    @Test
    void theStablePathLeadsToTheLatestRun() throws IOException {
        Path stable = base.resolve("A/m/BEFORE_START-SIGINT");
        RunDirectory first = RunDirectory.prepare(base, "A", "m", "BEFORE_START, SIGINT");
        assertThat(Files.isSymbolicLink(stable)).isTrue();
        assertThat(stable.toRealPath()).isEqualTo(first.path().toRealPath());
        RunDirectory second = RunDirectory.prepare(base, "A", "m", "BEFORE_START, SIGINT");
        assertThat(stable.toRealPath()).isEqualTo(second.path().toRealPath());
    }

    @Test
    void aSecondRunOfTheSameInvocationNeverTouchesTheFirstOnesFiles() {
        RunDirectory first = RunDirectory.prepare(base, "A", "m", "BEFORE_START, SIGINT");
        first.write(RunDirectory.THREAD_DUMP, "the first run's dump");
        RunDirectory second = RunDirectory.prepare(base, "A", "m", "BEFORE_START, SIGINT");
        assertThat(second.path()).isNotEqualTo(first.path()).isEmptyDirectory().hasFileName("BEFORE_START-SIGINT-2");
        assertThat(first.file(RunDirectory.THREAD_DUMP)).hasContent("the first run's dump");
    }

    @Test
    void directoriesAndFilesAreForTheOwnerOnly() throws IOException {
        RunDirectory files = RunDirectory.prepare(base, "A", "m", "BEFORE_START, SIGINT");
        files.write(RunDirectory.REPORT, "may hold secrets");
        for (Path directory = files.path();
                !directory.equals(base.resolve(RunDirectory.SESSIONS));
                directory = directory.getParent()) {
            assertThat(permissions(directory))
                    .as("permissions of %s", directory)
                    .isEqualTo("rwx------");
        }
        assertThat(permissions(files.file(RunDirectory.REPORT))).isEqualTo("rw-------");
    }

    @Test
    void sessionsOfFinishedJvmsArePrunedOldestFirstAndLiveOnesNever() throws Exception {
        Path sessions = Files.createDirectories(base.resolve(RunDirectory.SESSIONS));
        long dead = finishedProcessPid();
        List<Path> finished = new ArrayList<>();
        for (int i = 0; i < RunDirectory.KEPT_SESSIONS + 3; i++) {
            finished.add(Files.createDirectories(sessions.resolve("2020010" + (i % 10) + "-00000" + i + "-" + dead)
                    .resolve("A/m/run")));
        }
        Path live = Files.createDirectories(
                sessions.resolve("19990101-000000-" + ProcessHandle.current().pid()));
        Path foreign = Files.createDirectories(sessions.resolve("not-a-session"));

        RunDirectory.prepare(base, "A", "m", "BEFORE_START, SIGINT");

        assertThat(live).isDirectory();
        assertThat(foreign).isDirectory();
        assertThat(finished.stream().filter(Files::exists).count()).isEqualTo(RunDirectory.KEPT_SESSIONS);
        assertThat(finished.get(0)).as("the oldest finished session").doesNotExist();
        assertThat(finished.get(finished.size() - 1))
                .as("the newest finished session")
                .exists();
    }

    @Test
    void sanitizesNamesForEveryFileSystem() {
        assertThat(RunDirectory.sanitize("output /^ready: (\\d+)$/, SIGTERM")).isEqualTo("output-ready-d-SIGTERM");
        assertThat(RunDirectory.sanitize("../..")).isEqualTo("run");
        assertThat(RunDirectory.sanitize("x".repeat(200))).hasSize(80);
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** The pid of a process that has ended (the kernel may reuse it, but not within this test's instant). */
    private static long finishedProcessPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
