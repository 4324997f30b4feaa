package io.signaltest.junit.internal.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive (AppCDS) of a child JVM's classpath, made once and reused, so that each child maps its
 * classes, the JDK's and the program's, from one archive instead of parsing, verifying and linking them.
 *
 * <h2>How</h2>
 *
 * The JVM refuses to archive a classpath that holds a non-empty directory (it exits with an error on stdout), and build
 * tools put {@code target/classes} on it. So each directory is packed, as it is, into a jar of a cache directory, each
 * jar is copied there (the JVM refuses an archive once a jar's modification time changed, and builds rewrite jars), and
 * the child runs on those. The first child of a classpath runs with {@code -XX:DumpLoadedClassList}: it writes the
 * names of the classes it loads (and the lambdas and method-handle forms it links) as it goes, which costs it next to
 * nothing and needs no orderly exit. Once it has exited, a separate JVM makes a static archive from that list
 * ({@code -Xshare:dump}), a JVM started with {@code -Xshare:on} checks it, and only then it becomes the archive that
 * later children map with {@code -XX:SharedArchiveFile}, at the address it was made for where the JVM takes the option
 * for that ({@code ArchiveRelocationMode=0}, checked the same way). Children that start meanwhile run without it.
 *
 * <p>Why a static archive and not the dynamic one a child writes at its exit ({@code -XX:ArchiveClassesAtExit}): the
 * static one also holds the JDK's classes linked as this program uses them and the method-handle forms its lambdas
 * need, which a dynamic archive leaves to every child to generate at run time; children on it spent a fifth to a third
 * less CPU in the matrix bench (docs/benchmarks.md, "Cheaper children"). And no child pays for the dump in its exit,
 * which its signal-to-exit time would show.
 *
 * <h2>Safety</h2>
 *
 * The cache directory's name is a digest of the JDK, the JVM options, the classpath and the content of every file on
 * it, read once per test JVM: a changed class gives the next test JVM a new directory and a new archive, never a stale
 * one. The JVM itself also refuses an archive whose jars changed, and then runs without it. Every child gets
 * {@code -Xlog:cds*=off}: the JVM's CDS warnings (an archive it cannot use, a class it cannot archive) go to stdout by
 * default, which tests inspect. The dump runs without the child's JVM options (an agent or a log file of theirs has no
 * place in it); a child whose options the archive does not fit (another heap layout) runs without it. Options that
 * choose sharing themselves ({@code -Xshare:...}, {@code SharedArchiveFile}, ...) turn this off for the child. Any
 * failure here only means a child without an archive.
 */
public final class ClassDataSharing {

    /** The directory under the cache root that holds one directory per classpath. */
    public static final String DIRECTORY = "cds";
    /** The archive's name in a classpath's cache directory. */
    static final String ARCHIVE = "archive.jsa";
    /** The JVM options a child maps the archive with, one a line, beside the archive; written before it. */
    static final String ARCHIVE_OPTIONS = "archive.options";
    /**
     * Map the archive where it was made to be mapped. JDK 17.0.15 and JDK 25 move it to a random address by default and
     * then rewrite every pointer in it, which cost a child of the sample app's matrix 5 to 10 milliseconds of CPU
     * (docs/benchmarks.md). Where that address is taken, the JVM still moves it. A diagnostic option, so only where a
     * JVM given it has mapped the archive.
     */
    private static final List<String> MAP_AT_ARCHIVED_ADDRESS =
            List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    /** How the archive is made, in the cache directory's name: a cache of another kind is never taken for this one. */
    private static final String KIND = "static archive from the first child's class list, options beside it";
    /** The modification time of every packed or copied jar of the cache (the same content gives the same jar). */
    private static final java.nio.file.attribute.FileTime PACKED_TIME =
            java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
    /** How many archives one test JVM tries to make for one classpath before it gives up on it. */
    private static final int MAX_DUMPS = 2;

    private static final long JVM_TIMEOUT_SECONDS = 120;
    private static final List<String> QUIET = List.of("-Xlog:cds*=off");
    private static final List<String> OWN_SHARING_OPTIONS = List.of(
            "-Xshare",
            "SharedArchiveFile",
            "ArchiveClassesAtExit",
            "AutoCreateSharedArchive",
            "UseSharedSpaces",
            "DumpLoadedClassList");

    /**
     * One per classpath and options, for this JVM's life: the classpath's files are read once per test JVM, not at
     * every child's launch (for a large {@code target/classes} that takes tens of milliseconds, which every child would
     * pay).
     */
    private static final Map<List<String>, Entry> ENTRIES = new ConcurrentHashMap<>();

    /**
     * The archives being made. The test JVM waits for them as it exits (a dump takes about a second), so that the
     * archive is there for the next test JVM and no dump outlives this one.
     */
    private static final Phaser DUMPS = new Phaser(1) {
        @Override
        protected boolean onAdvance(int phase, int parties) {
            return false; // reusable: a later dump registers again
        }
    };

    static {
        Thread awaitDumps = new Thread(
                () -> {
                    try {
                        // a dump and its check, each with its own timeout
                        DUMPS.awaitAdvanceInterruptibly(DUMPS.arrive(), 2 * JVM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                        // exit all the same; a dump left running ends with its own JVM timeout
                    }
                },
                "signaltest-cds-dumps");
        Runtime.getRuntime().addShutdownHook(awaitDumps);
    }

    private ClassDataSharing() {}

    /**
     * How to start one child: its classpath, the JVM options that go before it, and what to do when it has exited (make
     * the archive from the classes it listed), if anything.
     */
    public record Launch(String classpath, List<String> jvmOptions, Runnable onExit) {
        public Launch {
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** The child as it would run without an archive. */
        public static Launch plain(String classpath) {
            return new Launch(classpath, List.of(), () -> {});
        }
    }

    /**
     * The launch of a child with {@code classpath} and {@code jvmArgs}, with an archive in a directory under
     * {@code cacheRoot} when one can be made; never throws.
     */
    public static Launch prepare(Path cacheRoot, String classpath, List<String> jvmArgs) {
        if (jvmArgs.stream().anyMatch(arg -> OWN_SHARING_OPTIONS.stream().anyMatch(arg::contains))) {
            return Launch.plain(classpath);
        }
        try {
            List<String> what = List.of(cacheRoot.toAbsolutePath().toString(), classpath, String.join(" ", jvmArgs));
            return ENTRIES.computeIfAbsent(what, w -> entry(cacheRoot, classpath, jvmArgs))
                    .launch();
        } catch (RuntimeException e) {
            return Launch.plain(classpath);
        }
    }

    private static Entry entry(Path cacheRoot, String classpath, List<String> jvmArgs) {
        try {
            Path directory = cacheRoot.resolve(DIRECTORY).resolve(key(classpath, jvmArgs));
            return new Entry(directory, pack(directory, classpath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What this JVM knows of one cache directory. */
    private static final class Entry {
        private final Path directory;
        private final String classpath;
        private final AtomicInteger dumps = new AtomicInteger();
        private volatile boolean dumping;
        /** The options of {@link #ARCHIVE_OPTIONS}, once read. */
        private List<String> archiveOptions;

        Entry(Path directory, String classpath) {
            this.directory = directory;
            this.classpath = classpath;
        }

        synchronized Launch launch() {
            Path archive = directory.resolve(ARCHIVE);
            if (Files.isRegularFile(archive)) {
                List<String> options = new ArrayList<>(QUIET);
                options.addAll(archiveOptions());
                options.add("-XX:SharedArchiveFile=" + archive);
                return new Launch(classpath, options, () -> {});
            }
            if (dumping || dumps.get() >= MAX_DUMPS) {
                return new Launch(classpath, QUIET, () -> {});
            }
            dumping = true;
            dumps.incrementAndGet();
            // registered now, not when the child exits: the test JVM may begin to exit before that callback runs
            DUMPS.register();
            Path list = directory.resolve("classes-" + UUID.randomUUID() + ".lst");
            List<String> options = new ArrayList<>(QUIET);
            options.add("-XX:DumpLoadedClassList=" + list);
            return new Launch(classpath, options, () -> dump(list, archive));
        }

        /**
         * Makes a static archive of the classes the first child loaded, and the one later children use once a JVM has
         * mapped it whole.
         */
        private void dump(Path list, Path archive) {
            Path written = directory.resolve("archive-" + UUID.randomUUID() + ".tmp");
            try {
                List<String> command =
                        new ArrayList<>(List.of(Platform.javaExecutable().toString(), "-Xshare:dump"));
                command.addAll(QUIET);
                command.add("-XX:+UseG1GC"); // heap objects are archived only by G1, whatever ergonomics would pick
                command.addAll(List.of(
                        "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + written, "-cp", classpath));
                if (Files.isRegularFile(list)
                        && Files.size(list) > 0
                        && runs(command)
                        && Files.isRegularFile(written)) {
                    Optional<List<String>> options = mappingOptions(written);
                    if (options.isPresent()) {
                        writeWhole(directory.resolve(ARCHIVE_OPTIONS), file -> Files.write(file, options.get()));
                        Files.move(
                                written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no archive: later children run without one
            } finally {
                deleteQuietly(written);
                deleteQuietly(list);
                dumping = false;
                DUMPS.arriveAndDeregister();
            }
        }

        private static void deleteQuietly(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a stray temporary file in the cache
            }
        }

        /**
         * The options a JVM maps the archive whole with: at its own address where the JVM takes that option, else none;
         * empty when it cannot map it at all.
         */
        private Optional<List<String>> mappingOptions(Path written) {
            if (mapsCleanly(written, MAP_AT_ARCHIVED_ADDRESS)) {
                return Optional.of(MAP_AT_ARCHIVED_ADDRESS);
            }
            return mapsCleanly(written, List.of()) ? Optional.of(List.of()) : Optional.empty();
        }

        /** Whether a JVM given {@code options} maps the archive whole (it exits with an error where it cannot). */
        private boolean mapsCleanly(Path written, List<String> options) {
            List<String> command =
                    new ArrayList<>(List.of(Platform.javaExecutable().toString(), "-Xshare:on"));
            command.addAll(QUIET);
            command.addAll(options);
            command.addAll(List.of("-XX:SharedArchiveFile=" + written, "-cp", classpath, "-version"));
            return runs(command);
        }

        /**
         * The options that go with the archive; none where the file is missing or unreadable (an archive made before
         * the file was written beside it).
         */
        private List<String> archiveOptions() {
            if (archiveOptions == null) {
                try {
                    archiveOptions = Files.readAllLines(directory.resolve(ARCHIVE_OPTIONS)).stream()
                            .map(String::strip)
                            .filter(line -> !line.isEmpty())
                            .toList();
                } catch (IOException e) {
                    archiveOptions = List.of();
                }
            }
            return archiveOptions;
        }

        /** Runs a JVM of the cache's own to its end, in the cache directory (where a crash leaves its hs_err file). */
        private boolean runs(List<String> command) {
            try {
                Process process = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(JVM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return false;
                }
                return process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * The name of a cache directory: what the archive depends on, digested. Files count by their content, not their
     * modification time: a build that writes the same classes again (or shades the same jar again) keeps its archive.
     * The archive is as good as this digest: a jar changed without any entry's size or CRC-32 changing would go
     * unnoticed.
     */
    static String key(String classpath, List<String> jvmArgs) throws IOException {
        MessageDigest digest = sha256();
        update(digest, KIND);
        update(digest, System.getProperty("java.home"));
        update(digest, System.getProperty("java.vm.version"));
        update(digest, String.join(" ", jvmArgs));
        update(digest, classpath);
        for (String element : classpath.split(java.io.File.pathSeparator)) {
            if (element.isEmpty()) {
                continue;
            }
            Path path = Path.of(element).toAbsolutePath();
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file :
                            (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        update(digest, path.relativize(file).toString());
                        content(digest, file);
                    }
                }
            } else if (Files.isRegularFile(path)) {
                jarContent(digest, path);
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }

    /**
     * A jar's content as its central directory states it: each entry's name, size and CRC-32. Reading every byte of the
     * test classpath's jars took the test JVM hundreds of milliseconds; their directories take a few.
     */
    private static void jarContent(MessageDigest digest, Path jar) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            java.util.Enumeration<? extends java.util.zip.ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                java.util.zip.ZipEntry entry = entries.nextElement();
                update(digest, entry.getName() + "|" + entry.getSize() + "|" + entry.getCrc());
            }
        } catch (java.util.zip.ZipException notAJar) {
            content(digest, jar);
        }
        digest.update((byte) 0);
    }

    private static void content(MessageDigest digest, Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        digest.update((byte) 0);
    }

    private static void update(MessageDigest digest, String value) {
        digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * {@code classpath} with each directory replaced by a jar of its files and each jar by a copy, in
     * {@code directory}: the JVM checks that every jar still has the modification time it had when the archive was
     * made, and a build may write the same jar again. Files already there (from an earlier test JVM) are reused.
     */
    private static String pack(Path directory, String classpath) {
        try {
            Path jars = Files.createDirectories(directory.resolve("classpath"));
            List<String> packed = new ArrayList<>();
            String[] elements = classpath.split(java.io.File.pathSeparator);
            for (int i = 0; i < elements.length; i++) {
                Path path = elements[i].isEmpty() ? null : Path.of(elements[i]).toAbsolutePath();
                if (path == null) {
                    continue;
                }
                boolean isDirectory = Files.isDirectory(path);
                if (!isDirectory && !Files.isRegularFile(path)) {
                    packed.add(elements[i]); // not there: the JVM skips it, as it would have
                    continue;
                }
                Path jar = jars.resolve(i + "-" + path.getFileName() + (isDirectory ? ".jar" : ""));
                if (!Files.isRegularFile(jar)) {
                    writeWhole(jar, partial -> {
                        if (isDirectory) {
                            writeJar(path, partial);
                        } else {
                            Files.copy(path, partial, StandardCopyOption.REPLACE_EXISTING);
                        }
                        // One modification time for every copy: two test JVMs that write the same jar at once leave
                        // it as the archive recorded it, whichever rename comes last.
                        Files.setLastModifiedTime(partial, PACKED_TIME);
                    });
                }
                packed.add(jar.toString());
            }
            return String.join(java.io.File.pathSeparator, packed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code target} through a temporary file beside it, moved into place whole. */
    private static void writeWhole(Path target, Writer writer) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + "-" + UUID.randomUUID() + ".tmp");
        try {
            writer.write(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private interface Writer {
        void write(Path file) throws IOException;
    }

    /** A jar of the files under {@code root}. */
    private static void writeJar(Path root, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files.filter(p -> !p.equals(root)).sorted()::iterator) {
                String name = root.relativize(path).toString().replace(java.io.File.separatorChar, '/');
                boolean isDirectory = Files.isDirectory(path);
                JarEntry entry = new JarEntry(isDirectory ? name + "/" : name);
                entry.setTime(Files.getLastModifiedTime(path).toMillis());
                out.putNextEntry(entry);
                if (!isDirectory) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
    }
}
