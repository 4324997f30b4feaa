package io.signaltest.junit.internal.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of one run: the cleanup log, stdout, stderr, a readable timeline, a report, a thread dump when one was
 * taken, and the full command.
 *
 * <h2>Private, never shared</h2>
 *
 * Each test JVM writes below its own session directory, {@code <base>/runs/<start time>-<pid>/<test class>/<test
 * method>/<invocation>/}, created atomically: two builds in one checkout (an IDE run beside a terminal run) never
 * share, empty or overwrite each other's files, and an invocation that runs twice in one JVM gets a second directory
 * ({@code <invocation>-2}). Directories are {@code rwx------} and the harness's files {@code rw-------}: logs and
 * output can hold secrets.
 *
 * <h2>The latest run at a stable path</h2>
 *
 * {@code <base>/<test class>/<test method>/<invocation>} is a symbolic link to the newest run of that invocation,
 * replaced atomically when a run starts. Sessions of test JVMs that are gone are deleted, oldest first, beyond the
 * newest {@value #KEPT_SESSIONS}; a live JVM's session is never touched.
 */
public final class RunDirectory {

    public static final String LOG = "cleanup.jsonl";
    public static final String STDOUT = "stdout.txt";
    public static final String STDERR = "stderr.txt";
    public static final String TIMELINE = "timeline.txt";
    public static final String THREAD_DUMP = "thread-dump.txt";
    public static final String REPORT = "report.txt";
    public static final String COMMAND = "command.txt";
    /** The picture of the run, drawn when it ended, which the HTML report shows. */
    public static final String PICTURE = "picture.svg";

    /** The directory of the sessions, one per test JVM, under the base. */
    public static final String SESSIONS = "runs";
    /** Sessions of finished test JVMs that are kept, besides those of running ones. */
    static final int KEPT_SESSIONS = 5;

    private static final int MAX_NAME_LENGTH = 80;
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** What a created directory gets: {@code rwx------} where the file system has POSIX permissions. */
    private static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
            }
            : new FileAttribute<?>[0];

    private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** This JVM's session name: its start time first, so that names sort by age. */
    private static final String SESSION = LocalDateTime.now().format(SESSION_TIME) + "-"
            + ProcessHandle.current().pid();

    private final Path path;
    private final Path base;

    private RunDirectory(Path path, Path base) {
        this.path = path;
        this.base = base;
    }

    /** Creates a new private directory for one run, and points the stable path of the invocation at it. */
    public static RunDirectory prepare(Path base, String testClass, String testMethod, String invocation) {
        Path root = base.toAbsolutePath().normalize();
        Path relative = Path.of(sanitize(testClass.replace('$', '.')), sanitize(testMethod), sanitize(invocation));
        try {
            Path session = root.resolve(SESSIONS).resolve(SESSION);
            if (!Files.isDirectory(session)) {
                createPrivateDirectories(session);
                pruneSessions(root.resolve(SESSIONS));
            }
            Path parent = session.resolve(relative).getParent();
            createPrivateDirectories(parent);
            Path path = createUnique(parent, relative.getFileName().toString());
            linkLatest(root.resolve(relative), path);
            return new RunDirectory(path, root);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare a run directory under " + root + ": " + e
                            + "; make it writable, or choose another base with the configuration parameter "
                            + "signaltest.output.directory",
                    e);
        }
    }

    /** A file-name-safe form of {@code name}: "QUEUE_WAITING, SIGINT x3" becomes "QUEUE_WAITING-SIGINT-x3". */
    public static String sanitize(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        if (safe.isEmpty()) {
            safe = "run";
        }
        return safe.length() <= MAX_NAME_LENGTH ? safe : safe.substring(0, MAX_NAME_LENGTH);
    }

    public Path path() {
        return path;
    }

    /** The base directory, shared by every run: where caches that outlive a run belong. */
    public Path base() {
        return base;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** Makes the file {@code name}, if there is one, readable and writable by its owner only. */
    public void restrict(String name) {
        try {
            if (Files.isRegularFile(file(name), LinkOption.NOFOLLOW_LINKS)) {
                restrict(file(name));
            }
        } catch (IOException e) {
            // the directory is private already
        }
    }

    /** Creates the subdirectory {@code name}, for the owner only; returns its path. */
    public Path createPrivateDirectory(String name) {
        Path directory = file(name);
        try {
            createPrivateDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        return directory;
    }

    /** Writes {@code text} to the file {@code name}; a failure to write a report file never hides the run's result. */
    public void write(String name, String text) {
        try {
            Path file = path.resolve(name);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            restrict(file);
        } catch (IOException e) {
            // the report is a convenience; the failure message carries the same facts
        }
    }

    /** Makes {@code file} readable and writable by its owner only, where the file system has POSIX permissions. */
    public static void restrict(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * Creates {@code directory} and its missing parents, each readable by its owner only; an existing one is left as it
     * is.
     */
    public static void createPrivateDirectories(Path directory) throws IOException {
        Files.createDirectories(directory, OWNER_ONLY);
    }

    /** {@code parent/name}, or {@code name-2}, {@code name-3}, ... when taken: created atomically, so never shared. */
    private static Path createUnique(Path parent, String name) throws IOException {
        for (int n = 1; ; n++) {
            Path candidate = parent.resolve(n == 1 ? name : name + "-" + n);
            try {
                return Files.createDirectory(candidate, OWNER_ONLY);
            } catch (FileAlreadyExistsException taken) {
                // an earlier run of the same invocation in this JVM: take the next name
            }
        }
    }

    /**
     * Points {@code stable} at {@code target} with a relative symbolic link, replaced by one atomic rename. Never fails
     * a run: where links cannot be made, or {@code stable} is a real directory, the run's own path (in the report entry
     * and messages) is the way to its files.
     */
    private static void linkLatest(Path stable, Path target) {
        try {
            if (Files.isDirectory(stable, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.createDirectories(stable.getParent());
            Path temporary = stable.resolveSibling("." + stable.getFileName() + "." + SESSION + ".link");
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, stable.getParent().relativize(target));
            Files.move(temporary, stable, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // a convenience only
        }
    }

    /** Deletes the sessions of test JVMs that are gone, beyond the newest {@link #KEPT_SESSIONS} of them. */
    private static void pruneSessions(Path sessions) {
        List<Path> finished;
        try (Stream<Path> all = Files.list(sessions)) {
            finished = all.filter(session -> !session.getFileName().toString().equals(SESSION))
                    .filter(session -> owner(session)
                            .map(pid -> ProcessHandle.of(pid).isEmpty())
                            .orElse(false))
                    .sorted(Comparator.comparing(
                                    (Path session) -> session.getFileName().toString())
                            .reversed())
                    .toList();
        } catch (IOException e) {
            return;
        }
        for (Path session : finished.subList(Math.min(KEPT_SESSIONS, finished.size()), finished.size())) {
            deleteTree(session);
        }
    }

    /** The pid of the JVM that made {@code session}, from its name; empty for a name not made here. */
    static Optional<Long> owner(Path session) {
        String name = session.getFileName().toString();
        if (!name.matches("\\d{8}-\\d{6}-\\d+")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(name.substring(name.lastIndexOf('-') + 1)));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // another JVM prunes the same session at the same time, or a file is busy: try again next time
        }
    }

    /** This JVM's session directory name. */
    static String session() {
        return SESSION;
    }
}
