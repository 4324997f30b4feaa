package io.signaltest.runtime.bench;

import io.signaltest.runtime.protocol.HarnessEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures the runtime's time from SIGINT to exit, the gap from the signal to the first cleanup, its time to the first
 * task and its peak memory, for growing numbers of tasks, against the same scenario in Python asyncio written three
 * ways. A runner, not a test: run it with {@code ./mvnw -pl extension/runtime -Pbench verify} (see docs/benchmarks.md).
 *
 * <p>The scenario, for each N: N tasks, at most 10 running, the rest waiting; every body blocks until it is cancelled;
 * both sides write the same cleanup log records. Each measurement starts a fresh child process, waits until it is in
 * that state, sends a real {@code kill -s INT <pid>} and takes the wall time from just before sending to the moment the
 * child has exited.
 *
 * <p>Two parts, each interleaving its sides run by run: the <em>comparison</em> (the runtime on a task list against
 * every asyncio design, at {@value #SIZES}) and the <em>scale</em> part (the runtime with a task list and with a lazy
 * source, at {@value #SCALE_SIZES}).
 *
 * <p>Settings (system properties): {@value #SIZES} (default {@code 11,10000,100000,1000000}), {@value #ASYNCIO_MAX}
 * (the largest N given to asyncio, default 100000), {@value #DESIGNS} (default {@code taskgroup,gather,workers}),
 * {@value #SCALE_SIZES} (default {@code 10,10000,1000000}; empty to skip), {@value #RUNS} (default 3), {@value #PYTHON}
 * (default {@code python3}), {@value #SCRIPT} (default {@code src/bench/python/asyncio_bench.py}), {@value #REPORT} (a
 * Markdown file for the results, besides standard output), {@value #CHILD_JVM_ARGS} (extra options for the Java child,
 * space-separated), {@value #CHILD_CONTROL} ({@code none}, the default, or {@code stdin}: also give the Java child the
 * harness's stdin control channel, to measure what it costs). Exits with 1, naming what went wrong, when a measurement
 * fails.
 */
public final class RuntimeBench {

    static final String SIZES = "signaltest.bench.sizes";
    static final String ASYNCIO_MAX = "signaltest.bench.asyncioMax";
    static final String DESIGNS = "signaltest.bench.designs";
    static final String SCALE_SIZES = "signaltest.bench.scaleSizes";
    static final String RUNS = "signaltest.bench.runs";
    static final String PYTHON = "signaltest.bench.python";
    static final String SCRIPT = "signaltest.bench.script";
    static final String REPORT = "signaltest.bench.report";
    static final String CHILD_JVM_ARGS = "signaltest.bench.childJvmArgs";
    static final String CHILD_CONTROL = "signaltest.bench.childControl";

    /** The asyncio designs, by the name the Python program takes, with the name the report gives them. */
    static final Map<String, String> DESIGN_NAMES = new LinkedHashMap<>();

    static {
        DESIGN_NAMES.put("taskgroup", "asyncio TaskGroup + Semaphore");
        DESIGN_NAMES.put("gather", "asyncio gather + Semaphore");
        DESIGN_NAMES.put("workers", "asyncio worker pool over an index");
    }

    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(300);
    private static final int SIGINT_EXIT_CODE = 130;

    private final int runs;
    private final String python;
    private final Path script;
    private final List<String> childJvmArgs;
    private final List<String> launchPrefix;
    private final boolean stdinControl;

    private RuntimeBench(
            int runs,
            String python,
            Path script,
            List<String> childJvmArgs,
            List<String> launchPrefix,
            boolean stdinControl) {
        this.runs = runs;
        this.python = python;
        this.script = script;
        this.childJvmArgs = childJvmArgs;
        this.launchPrefix = launchPrefix;
        this.stdinControl = stdinControl;
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Exception | AssertionError e) {
            System.err.println();
            System.err.println("runtime bench FAILED: " + e.getMessage());
            if (!(e instanceof IllegalStateException)) {
                e.printStackTrace();
            }
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run() throws Exception {
        List<Integer> sizes = parseSizes(SIZES, System.getProperty(SIZES, "11,10000,100000,1000000"));
        List<Integer> scaleSizes = parseSizes(SCALE_SIZES, System.getProperty(SCALE_SIZES, "10,10000,1000000"));
        int asyncioMax = Integer.parseInt(
                System.getProperty(ASYNCIO_MAX, "100000").trim().replace("_", ""));
        List<String> designs = new ArrayList<>();
        for (String d : System.getProperty(DESIGNS, String.join(",", DESIGN_NAMES.keySet()))
                .split(",")) {
            if (!d.isBlank()) {
                if (!DESIGN_NAMES.containsKey(d.trim())) {
                    throw new IllegalArgumentException(
                            DESIGNS + ": unknown design " + d.trim() + "; expected some of " + DESIGN_NAMES.keySet());
                }
                designs.add(d.trim());
            }
        }
        int runs = Integer.parseInt(System.getProperty(RUNS, "3").trim());
        if (runs < 1) {
            throw new IllegalArgumentException(RUNS + " must be at least 1, got " + runs);
        }
        Path script = Path.of(System.getProperty(SCRIPT, "src/bench/python/asyncio_bench.py"))
                .toAbsolutePath();
        String pythonCommand = System.getProperty(PYTHON, "python3");
        String extraArgs = System.getProperty(CHILD_JVM_ARGS, "").trim();
        List<String> childJvmArgs = extraArgs.isEmpty() ? List.of() : List.of(extraArgs.split("\\s+"));
        String control = System.getProperty(CHILD_CONTROL, "none").trim();
        if (!control.equals("none") && !control.equals("stdin")) {
            throw new IllegalArgumentException(CHILD_CONTROL + " must be none or stdin, got " + control);
        }

        Environment env = Environment.probe(pythonCommand, script);
        RuntimeBench bench = new RuntimeBench(
                runs,
                env.pythonVersion == null ? null : pythonCommand,
                script,
                childJvmArgs,
                env.launchPrefix,
                control.equals("stdin"));
        if (env.pythonVersion == null) {
            System.out.println("asyncio skipped: " + env.pythonProblem + ". Java figures only.");
            designs.clear();
        }
        String loadBefore = Environment.loadAverage();
        long started = System.nanoTime();
        // side -> N -> samples; sides: "list", "lazy", and the asyncio design names
        Map<String, Map<Integer, List<Sample>>> comparison = new LinkedHashMap<>();
        Map<String, Map<Integer, List<Sample>>> scale = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("signaltest-bench");
        try {
            for (int r = 1; r <= runs; r++) {
                for (int n : sizes) {
                    record(comparison, "list", n, r, runs, bench.measureJava(n, "list", dir));
                    for (String design : designs) {
                        if (n <= asyncioMax) {
                            record(comparison, design, n, r, runs, bench.measureAsyncio(n, design, dir));
                        }
                    }
                }
            }
            for (int r = 1; r <= runs; r++) {
                for (int n : scaleSizes) {
                    for (String source : List.of("list", "lazy")) {
                        record(scale, source, n, r, runs, bench.measureJava(n, source, dir));
                    }
                }
            }
        } finally {
            deleteRecursively(dir);
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        String settings = String.join(" ", childJvmArgs) + (control.equals("stdin") ? " SIGNALTEST_CONTROL=stdin" : "");
        String report = new RuntimeBenchReport(
                        env, runs, comparison, scale, loadBefore, Environment.loadAverage(), settings, minutes)
                .markdown();
        System.out.println();
        System.out.println(report);
        String reportFile = System.getProperty(REPORT, "").trim();
        if (!reportFile.isEmpty()) {
            Path path = Path.of(reportFile);
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            Files.writeString(path, report);
            System.out.println("(also written to " + path + ")");
        }
    }

    private static void record(
            Map<String, Map<Integer, List<Sample>>> samples, String side, int n, int run, int runs, Sample s) {
        samples.computeIfAbsent(side, k -> new LinkedHashMap<>())
                .computeIfAbsent(n, k -> new ArrayList<>())
                .add(s);
        System.err.printf(
                Locale.ROOT,
                "%-10s N=%,9d run %d/%d: %9.1f ms  (delivery %.1f, in process %.1f, process end %.1f;"
                        + " signal->first cleanup %.2f ms%s)  peak %.0f MiB%n",
                side,
                n,
                run,
                runs,
                s.sendToExitMs(),
                s.deliveryMs(),
                s.inProcessMs(),
                s.processEndMs(),
                s.gapMs(),
                s.firstStartNs() > 0 ? String.format(Locale.ROOT, "; start->first task %.0f ms", s.firstStartMs()) : "",
                s.peakRssMib());
    }

    // ---------------------------------------------------------------- Java child

    private Sample measureJava(int n, String source, Path dir) throws Exception {
        Path log = dir.resolve("java-" + source + "-" + n + ".jsonl");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(launchPrefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmArgs);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                RuntimeBenchChild.class.getName(),
                Integer.toString(n),
                source));
        String moment = n > RuntimeBenchChild.MAX_CONCURRENT ? "QUEUE_WAITING" : "ALL_SLOTS_FULL";
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                HarnessEnvironment.LOG, log.toString(),
                HarnessEnvironment.HOLD, moment,
                HarnessEnvironment.HOLD_TIMEOUT_MS, Long.toString(READY_DEADLINE.toMillis())));
        if (stdinControl) {
            environment.put(HarnessEnvironment.CONTROL, HarnessEnvironment.CONTROL_STDIN);
        }
        long launched = System.nanoTime();
        try (BenchProcess child = BenchProcess.start("Java", command, environment)) {
            Record reached = new Record(awaitMoment(child, log));
            int running = Math.min(n, RuntimeBenchChild.MAX_CONCURRENT);
            // a lazy source is read one task ahead of the busy slots; a list queues every task
            int waiting = source.equals("lazy") ? Math.min(1, n - running) : n - running;
            if (!reached.text("moment").equals(moment)
                    || reached.number("running") != running
                    || reached.number("queued") != waiting) {
                throw child.failure("expected the moment " + moment + " with " + running + " running and " + waiting
                        + " queued, but the log says " + reached);
            }

            long sent = System.nanoTime();
            child.sendSigint();
            int code = child.awaitExit(EXIT_DEADLINE);
            long exited = System.nanoTime();
            child.drainOutput();

            if (code != SIGINT_EXIT_CODE) {
                throw child.failure("expected exit code " + SIGINT_EXIT_CODE + " after SIGINT, got " + code);
            }
            Map<String, Record> records = records(
                    log, "run_started", "task_started", "signal_received", "cleanup_started", "run_finished", "exit");
            for (String event : records.keySet()) {
                if (records.get(event) == null) {
                    throw child.failure("the cleanup log " + log + " has no " + event + " record");
                }
            }
            Record finished = records.get("run_finished");
            if (finished.number("cancelled") != running || finished.number("cancelled_before_start") != waiting) {
                throw child.failure("expected " + running + " tasks cancelled while running and " + waiting
                        + " cancelled before start, but run_finished says " + finished);
            }
            long origin = records.get("run_started").number("clock_origin_ns");
            long signalled = origin + records.get("signal_received").number("t_ns");
            long firstCleanup = origin + records.get("cleanup_started").number("t_ns");
            long firstStart = origin + records.get("task_started").number("t_ns");
            long lastRecord = origin + records.get("exit").number("t_ns");
            long peak = child.stdoutValue("peak_rss_kb=")
                    .map(Long::parseLong)
                    .orElseThrow(() -> child.failure("it printed no peak_rss_kb= line before exiting"));
            return new Sample(
                    sent,
                    signalled,
                    lastRecord,
                    exited,
                    peak,
                    firstCleanup - signalled,
                    firstStart - launched,
                    Files.size(log));
        }
    }

    /** Tails the cleanup log until the {@code moment} record appears, and returns that line. */
    private static String awaitMoment(BenchProcess child, Path log) throws IOException, InterruptedException {
        long end = System.nanoTime() + READY_DEADLINE.toNanos();
        StringBuilder partial = new StringBuilder();
        long position = 0;
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);
        while (true) {
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
                channel.position(position);
                int read;
                while ((read = channel.read(buffer)) > 0) {
                    position += read;
                    buffer.flip();
                    partial.append(StandardCharsets.UTF_8.decode(buffer));
                    buffer.clear();
                    int newline;
                    int from = 0;
                    while ((newline = partial.indexOf("\n", from)) >= 0) {
                        String line = partial.substring(from, newline);
                        from = newline + 1;
                        if (line.contains("\"event\":\"moment\"")) {
                            return line;
                        }
                        if (line.contains("\"event\":\"moment_missed\"")
                                || line.contains("\"event\":\"signal_ignored\"")) {
                            throw child.failure("the run cannot be measured: " + line);
                        }
                    }
                    partial.delete(0, from);
                }
            } catch (NoSuchFileException notYet) {
                // the child has not opened its log yet
            }
            if (!child.isAlive()) {
                child.drainOutput();
                throw child.failure("it exited before logging the moment record in " + log);
            }
            if (System.nanoTime() > end) {
                throw child.failure("no moment record in " + log + " within " + READY_DEADLINE.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(1); // a poll interval: the measured window starts only after this loop
        }
    }

    /** The first record of each of {@code events} in the log (null where there is none). */
    private static Map<String, Record> records(Path log, String... events) throws IOException {
        Map<String, Record> found = new LinkedHashMap<>();
        for (String event : events) {
            found.put(event, null);
        }
        int missing = events.length;
        try (BufferedReader lines = Files.newBufferedReader(log)) {
            String line;
            while (missing > 0 && (line = lines.readLine()) != null) {
                for (String event : events) {
                    if (found.get(event) == null && line.contains("\"event\":\"" + event + "\"")) {
                        found.put(event, new Record(line));
                        missing--;
                    }
                }
            }
        }
        return found;
    }

    /** How many records of each of {@code events} the log has. */
    private static Map<String, Long> counts(Path log, String... events) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String event : events) {
            counts.put(event, 0L);
        }
        try (Stream<String> lines = Files.lines(log)) {
            lines.forEach(line -> {
                for (String event : events) {
                    if (line.contains("\"event\":\"" + event + "\"")) {
                        counts.merge(event, 1L, Long::sum);
                    }
                }
            });
        }
        return counts;
    }

    // ---------------------------------------------------------------- asyncio child

    private Sample measureAsyncio(int n, String design, Path dir) throws Exception {
        Path log = dir.resolve("asyncio-" + design + "-" + n + ".jsonl");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(launchPrefix);
        command.addAll(List.of(
                python, script.toString(), Integer.toString(n), log.toString(), "--design", design, "--watch-stdin"));
        try (BenchProcess child = BenchProcess.start("asyncio " + design, command, Map.of())) {
            child.awaitStdoutLine("ready"::equals, "\"ready\" line", READY_DEADLINE);

            long sent = System.nanoTime();
            child.sendSigint();
            int code = child.awaitExit(EXIT_DEADLINE);
            long exited = System.nanoTime();
            child.drainOutput();

            if (code != SIGINT_EXIT_CODE) {
                throw child.failure("expected exit code " + SIGINT_EXIT_CODE + " after SIGINT, got " + code);
            }
            int running = Math.min(n, RuntimeBenchChild.MAX_CONCURRENT);
            Map<String, Long> counts =
                    counts(log, "task_queued", "cleanup_started", "task_cancelled", "task_cancelled_before_start");
            if (counts.get("task_queued") != n
                    || counts.get("cleanup_started") != running
                    || counts.get("task_cancelled") != running
                    || counts.get("task_cancelled_before_start") != n - running) {
                throw child.failure("expected " + n + " task_queued, " + running
                        + " cleanup_started and task_cancelled, and " + (n - running)
                        + " task_cancelled_before_start records in " + log + ", found " + counts);
            }
            Map<String, Record> records = records(log, "signal_received", "cleanup_started");
            long gap = records.get("cleanup_started").number("t_ns")
                    - records.get("signal_received").number("t_ns");
            long signalled = child.stdoutValue("signal_ns=")
                    .map(Long::parseLong)
                    .orElseThrow(() -> child.failure("it printed no signal_ns= line"));
            long done = child.stdoutValue("done_ns=")
                    .map(Long::parseLong)
                    .orElseThrow(() -> child.failure("it printed no done_ns= line"));
            long peak = child.stdoutValue("peak_rss_kb=")
                    .map(Long::parseLong)
                    .orElseThrow(() -> child.failure("it printed no peak_rss_kb= line"));
            return new Sample(sent, signalled, done, exited, peak, gap, -1, Files.size(log));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<Integer> parseSizes(String property, String value) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int n = Integer.parseInt(part.trim().replace("_", ""));
            if (n < RuntimeBenchChild.MAX_CONCURRENT) {
                throw new IllegalArgumentException(
                        property + ": every size must be at least " + RuntimeBenchChild.MAX_CONCURRENT
                                + " (the concurrency limit, so that all slots are full), got " + n);
            }
            sizes.add(n);
        }
        sizes.sort(Comparator.naturalOrder());
        return List.copyOf(sizes);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * One line of the cleanup log, read by field name. Only the flat string and number fields the bench needs, so that
     * it depends on nothing but the runtime's documented field names.
     */
    record Record(String line) {

        long number(String field) {
            String value = raw(field);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(
                        "field " + field + " is not a whole number in the log record " + line, e);
            }
        }

        String text(String field) {
            String value = raw(field);
            if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
                throw new IllegalStateException("field " + field + " is not a string in the log record " + line);
            }
            return value.substring(1, value.length() - 1);
        }

        private String raw(String field) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(\"[^\"]*\"|-?\\d+)")
                    .matcher(line);
            if (!m.find()) {
                throw new IllegalStateException("no field " + field + " in the log record " + line);
            }
            return m.group(1);
        }
    }

    /**
     * One measurement; every instant is a {@link System#nanoTime()} value (CLOCK_MONOTONIC, shared by all processes on
     * Linux). {@code gapNs} is the signal's record to the first {@code cleanup_started} in the child's own log;
     * {@code firstStartNs} is the launch of the child to its first {@code task_started} (-1 when not measured).
     */
    record Sample(
            long sent,
            long signalHandled,
            long lastWord,
            long exited,
            long peakRssKb,
            long gapNs,
            long firstStartNs,
            long logBytes) {

        /** From just before running {@code kill} to the runner seeing the child exit: the headline figure. */
        double sendToExitMs() {
            return (exited - sent) / 1e6;
        }

        /** From just before running {@code kill} to the child's handler (starting {@code kill} included). */
        double deliveryMs() {
            return (signalHandled - sent) / 1e6;
        }

        /** The child's own view: its handler to its last record (Java: the exit record; asyncio: loop closed). */
        double inProcessMs() {
            return (lastWord - signalHandled) / 1e6;
        }

        /** From the child's last record to the runner seeing it exit (runtime shutdown and reaping). */
        double processEndMs() {
            return (exited - lastWord) / 1e6;
        }

        double gapMs() {
            return gapNs / 1e6;
        }

        double firstStartMs() {
            return firstStartNs / 1e6;
        }

        double peakRssMib() {
            return peakRssKb / 1024.0;
        }

        double logMib() {
            return logBytes / (1024.0 * 1024.0);
        }
    }

    /** What the machine offers the bench, found out once before measuring. */
    static final class Environment {
        final String pythonVersion;
        final String pythonProblem;
        final List<String> launchPrefix;

        private Environment(String pythonVersion, String pythonProblem, List<String> launchPrefix) {
            this.pythonVersion = pythonVersion;
            this.pythonProblem = pythonProblem;
            this.launchPrefix = launchPrefix;
        }

        static Environment probe(String python, Path script) throws InterruptedException {
            // A shell that starts jobs in the background makes them inherit SIGINT as ignored, and
            // then no JVM can handle it. `env --default-signal` (coreutils 8.31+) undoes that.
            List<String> prefix = List.of();
            if (quietly(List.of("env", "--default-signal=INT", "true")).startsWith("exit 0")) {
                prefix = List.of("env", "--default-signal=INT");
            }
            String version = null;
            String problem = null;
            String answer = quietly(List.of(
                    python,
                    "-c",
                    "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.version_info >= (3, 11))"));
            if (!answer.startsWith("exit 0")) {
                problem = "`" + python + "` could not be run (" + answer
                        + "); install Python 3.11 or newer, or name one with" + " -Dbench.python=<path> (Maven) or -D"
                        + PYTHON + "=<path> (the runner itself)";
            } else if (!answer.contains("True")) {
                problem = "`" + python + "` is " + answer.split("\n")[1].trim() + ", but the asyncio scenario needs"
                        + " asyncio.TaskGroup (Python 3.11 or newer); name one with"
                        + " -Dbench.python=<path> (Maven) or -D" + PYTHON + "=<path> (the runner itself)";
            } else if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("the asyncio program " + script + " does not exist; run the bench from"
                        + " the extension/runtime directory or set -D" + SCRIPT + "=<path to asyncio_bench.py>");
            } else {
                version = answer.split("\n")[1].trim();
            }
            return new Environment(version, problem, prefix);
        }

        /** Runs a short command; returns "exit N" and its output lines, or "not started: reason". */
        private static String quietly(List<String> command) throws InterruptedException {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                return "not started: " + e.getMessage();
            }
            try (InputStream out = p.getInputStream()) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "not started: no answer within 30 s";
                }
                return "exit " + p.exitValue() + "\n" + new String(out.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "exit ? (" + e.getMessage() + ")";
            }
        }

        static String cpuModel() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }

        static String loadAverage() {
            try {
                String[] parts =
                        Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return String.join(" ", Arrays.copyOf(parts, 3));
            } catch (IOException e) {
                return "unknown";
            }
        }

        static String today() {
            return LocalDate.now().toString();
        }
    }
}
