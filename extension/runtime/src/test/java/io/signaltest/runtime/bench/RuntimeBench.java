package io.signaltest.runtime.bench;

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
 * Measures the runtime's time from SIGINT to exit, and its peak memory, for growing numbers of
 * tasks, against the same scenario in Python asyncio. A runner, not a test: run it with
 * {@code ./mvnw -pl extension/runtime -Pbench verify} (see docs/benchmarks.md).
 *
 * <p>The scenario, for each N: N tasks, at most 10 running, the rest queued; every body blocks
 * until it is cancelled; every cleanup writes one log line. Each measurement starts a fresh
 * child process, waits until it is in that state, sends a real {@code kill -s INT <pid>} and
 * takes the wall time from just before sending to the moment the child has exited.
 *
 * <p>Settings (system properties): {@value #SIZES} (default {@code 10,1000,10000,100000}),
 * {@value #RUNS} (default 5), {@value #PYTHON} (default {@code python3}), {@value #SCRIPT}
 * (default {@code src/bench/python/asyncio_bench.py}), {@value #REPORT} (a Markdown file to write
 * the results to, besides standard output), {@value #CHILD_JVM_ARGS} (extra options for the Java
 * child, space-separated), {@value #CHILD_CONTROL} ({@code none}, the default, or {@code stdin}:
 * also give the Java child the harness's stdin control channel, to measure what it costs). Exits with 1, naming what went wrong, when a measurement fails.
 */
public final class RuntimeBench {

    static final String SIZES = "signaltest.bench.sizes";
    static final String RUNS = "signaltest.bench.runs";
    static final String PYTHON = "signaltest.bench.python";
    static final String SCRIPT = "signaltest.bench.script";
    static final String REPORT = "signaltest.bench.report";
    static final String CHILD_JVM_ARGS = "signaltest.bench.childJvmArgs";
    static final String CHILD_CONTROL = "signaltest.bench.childControl";

    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(300);
    private static final int SIGINT_EXIT_CODE = 130;
    private static final double TARGET_JAVA_MS = 150;
    private static final double TARGET_RATIO = 8;

    private final List<Integer> sizes;
    private final int runs;
    private final String python;
    private final Path script;
    private final List<String> childJvmArgs;
    private final List<String> launchPrefix;
    private final boolean stdinControl;

    private RuntimeBench(List<Integer> sizes, int runs, String python, Path script, List<String> childJvmArgs,
            List<String> launchPrefix, boolean stdinControl) {
        this.sizes = sizes;
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
        List<Integer> sizes = parseSizes(System.getProperty(SIZES, "10,1000,10000,100000"));
        int runs = Integer.parseInt(System.getProperty(RUNS, "5").trim());
        if (runs < 1) {
            throw new IllegalArgumentException(RUNS + " must be at least 1, got " + runs);
        }
        Path script = Path.of(System.getProperty(SCRIPT, "src/bench/python/asyncio_bench.py")).toAbsolutePath();
        String pythonCommand = System.getProperty(PYTHON, "python3");
        String extraArgs = System.getProperty(CHILD_JVM_ARGS, "").trim();
        List<String> childJvmArgs = extraArgs.isEmpty() ? List.of() : List.of(extraArgs.split("\\s+"));
        String control = System.getProperty(CHILD_CONTROL, "none").trim();
        if (!control.equals("none") && !control.equals("stdin")) {
            throw new IllegalArgumentException(CHILD_CONTROL + " must be none or stdin, got " + control);
        }

        Environment env = Environment.probe(pythonCommand, script);
        RuntimeBench bench = new RuntimeBench(sizes, runs, env.pythonVersion == null ? null : pythonCommand, script,
                childJvmArgs, env.launchPrefix, control.equals("stdin"));
        if (env.pythonVersion == null) {
            System.out.println("asyncio skipped: " + env.pythonProblem + ". Java figures only.");
        }
        String loadBefore = Environment.loadAverage();
        Map<Integer, List<Sample>> java = new LinkedHashMap<>();
        Map<Integer, List<Sample>> asyncio = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("signaltest-bench");
        try {
            for (int n : sizes) {
                for (int r = 1; r <= runs; r++) {
                    Sample j = bench.measureJava(n, dir);
                    java.computeIfAbsent(n, k -> new ArrayList<>()).add(j);
                    progress("java   ", n, r, runs, j);
                    if (bench.python != null) {
                        Sample p = bench.measureAsyncio(n, dir);
                        asyncio.computeIfAbsent(n, k -> new ArrayList<>()).add(p);
                        progress("asyncio", n, r, runs, p);
                    }
                }
            }
        } finally {
            deleteRecursively(dir);
        }
        String report = new Report(env, runs, sizes, java, asyncio, loadBefore, Environment.loadAverage(),
                String.join(" ", childJvmArgs) + (control.equals("stdin") ? " SIGNALTEST_CONTROL=stdin" : "")).markdown();
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

    // ---------------------------------------------------------------- Java child

    private Sample measureJava(int n, Path dir) throws Exception {
        Path log = dir.resolve("java-" + n + ".jsonl");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(launchPrefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RuntimeBenchChild.class.getName(),
                Integer.toString(n)));
        String moment = n > RuntimeBenchChild.MAX_CONCURRENT ? "QUEUE_WAITING" : "ALL_SLOTS_FULL";
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "SIGNALTEST_LOG", log.toString(),
                "SIGNALTEST_HOLD", moment,
                "SIGNALTEST_HOLD_TIMEOUT_MS", Long.toString(READY_DEADLINE.toMillis())));
        if (stdinControl) {
            environment.put("SIGNALTEST_CONTROL", "stdin");
        }
        try (BenchProcess child = BenchProcess.start("Java", command, environment)) {
            Record reached = new Record(awaitMoment(child, log));
            int running = Math.min(n, RuntimeBenchChild.MAX_CONCURRENT);
            if (!reached.text("moment").equals(moment) || reached.number("running") != running
                    || reached.number("queued") != n - running) {
                throw child.failure("expected the moment " + moment + " with " + running + " running and "
                        + (n - running) + " queued, but the log says " + reached);
            }

            long sent = System.nanoTime();
            child.sendSigint();
            int code = child.awaitExit(EXIT_DEADLINE);
            long exited = System.nanoTime();
            child.drainOutput();

            if (code != SIGINT_EXIT_CODE) {
                throw child.failure("expected exit code " + SIGINT_EXIT_CODE + " after SIGINT, got " + code);
            }
            Map<String, Record> records = records(log, "run_started", "signal_received", "run_finished", "exit");
            for (String event : records.keySet()) {
                if (records.get(event) == null) {
                    throw child.failure("the cleanup log " + log + " has no " + event + " record");
                }
            }
            Record finished = records.get("run_finished");
            if (finished.number("cancelled") != running || finished.number("cancelled_before_start") != n - running) {
                throw child.failure("expected " + running + " tasks cancelled while running and " + (n - running)
                        + " cancelled before start, but run_finished says " + finished);
            }
            long origin = records.get("run_started").number("clock_origin_ns");
            long signalled = origin + records.get("signal_received").number("t_ns");
            long lastRecord = origin + records.get("exit").number("t_ns");
            long peak = child.stdoutValue("peak_rss_kb=").map(Long::parseLong)
                    .orElseThrow(() -> child.failure("it printed no peak_rss_kb= line before exiting"));
            return new Sample(sent, signalled, lastRecord, exited, peak);
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
                    while ((newline = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, newline);
                        partial.delete(0, newline + 1);
                        if (line.contains("\"event\":\"moment\"")) {
                            return line;
                        }
                        if (line.contains("\"event\":\"moment_missed\"") || line.contains("\"event\":\"signal_ignored\"")) {
                            throw child.failure("the run cannot be measured: " + line);
                        }
                    }
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
        try (Stream<String> lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                for (String event : events) {
                    if (found.get(event) == null && line.contains("\"event\":\"" + event + "\"")) {
                        found.put(event, new Record(line));
                    }
                }
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- asyncio child

    private Sample measureAsyncio(int n, Path dir) throws Exception {
        Path log = dir.resolve("asyncio-" + n + ".txt");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(launchPrefix);
        command.addAll(List.of(python, script.toString(), Integer.toString(n), log.toString(), "--watch-stdin"));
        try (BenchProcess child = BenchProcess.start("asyncio", command, Map.of())) {
            child.awaitStdoutLine("ready"::equals, "\"ready\" line", READY_DEADLINE);

            long sent = System.nanoTime();
            child.sendSigint();
            int code = child.awaitExit(EXIT_DEADLINE);
            long exited = System.nanoTime();
            child.drainOutput();

            if (code != SIGINT_EXIT_CODE) {
                throw child.failure("expected exit code " + SIGINT_EXIT_CODE + " after SIGINT, got " + code);
            }
            long lines;
            try (Stream<String> all = Files.lines(log)) {
                lines = all.count();
            }
            if (lines != n) {
                throw child.failure("expected one line per task (" + n + ") in " + log + ", found " + lines);
            }
            long signalled = child.stdoutValue("signal_ns=").map(Long::parseLong)
                    .orElseThrow(() -> child.failure("it printed no signal_ns= line"));
            long done = child.stdoutValue("done_ns=").map(Long::parseLong)
                    .orElseThrow(() -> child.failure("it printed no done_ns= line"));
            long peak = child.stdoutValue("peak_rss_kb=").map(Long::parseLong)
                    .orElseThrow(() -> child.failure("it printed no peak_rss_kb= line"));
            return new Sample(sent, signalled, done, exited, peak);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void progress(String side, int n, int run, int runs, Sample s) {
        System.err.printf(Locale.ROOT, "%s N=%,7d run %d/%d: %8.1f ms  (delivery %.1f, in process %.1f, process end %.1f)  peak %.0f MiB%n",
                side, n, run, runs, s.sendToExitMs(), s.deliveryMs(), s.inProcessMs(), s.processEndMs(), s.peakRssMib());
    }

    private static List<Integer> parseSizes(String value) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            int n = Integer.parseInt(part.trim().replace("_", ""));
            if (n < RuntimeBenchChild.MAX_CONCURRENT) {
                throw new IllegalArgumentException(SIZES + ": every size must be at least " + RuntimeBenchChild.MAX_CONCURRENT
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
     * One line of the cleanup log, read by field name. Only the flat string and number fields
     * the bench needs, so that it depends on nothing but the runtime's documented field names.
     */
    record Record(String line) {

        long number(String field) {
            String value = raw(field);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("field " + field + " is not a whole number in the log record " + line, e);
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
            Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(\"[^\"]*\"|-?\\d+)").matcher(line);
            if (!m.find()) {
                throw new IllegalStateException("no field " + field + " in the log record " + line);
            }
            return m.group(1);
        }
    }

    /** One measurement; every instant is a {@link System#nanoTime()} value (CLOCK_MONOTONIC, shared by all processes on Linux). */
    record Sample(long sent, long signalHandled, long lastWord, long exited, long peakRssKb) {

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

        double peakRssMib() {
            return peakRssKb / 1024.0;
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
            String answer = quietly(List.of(python, "-c",
                    "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.version_info >= (3, 11))"));
            if (!answer.startsWith("exit 0")) {
                problem = "`" + python + "` could not be run (" + answer + "); install Python 3.11 or newer, or name one with"
                        + " -Dbench.python=<path> (Maven) or -D" + PYTHON + "=<path> (the runner itself)";
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
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }

        static String loadAverage() {
            try {
                String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return String.join(" ", Arrays.copyOf(parts, 3));
            } catch (IOException e) {
                return "unknown";
            }
        }

        static String today() {
            return LocalDate.now().toString();
        }
    }

    /** The Markdown results: the headline table, the breakdown, growth, and the targets. */
    static final class Report {
        private final Environment env;
        private final int runs;
        private final List<Integer> sizes;
        private final Map<Integer, List<Sample>> java;
        private final Map<Integer, List<Sample>> asyncio;
        private final String loadBefore;
        private final String loadAfter;
        private final String childJvmArgs;

        Report(Environment env, int runs, List<Integer> sizes, Map<Integer, List<Sample>> java,
                Map<Integer, List<Sample>> asyncio, String loadBefore, String loadAfter, String childJvmArgs) {
            this.env = env;
            this.runs = runs;
            this.sizes = sizes;
            this.java = java;
            this.asyncio = asyncio;
            this.loadBefore = loadBefore;
            this.loadAfter = loadAfter;
            this.childJvmArgs = childJvmArgs;
        }

        String markdown() {
            StringBuilder md = new StringBuilder();
            boolean withPython = !asyncio.isEmpty();
            md.append(String.format(Locale.ROOT, "Measured %s: JDK %s (%s), %s, %s, %d cores, load average %s before and %s after;"
                            + " %d runs per N, median (min-max).%s%n%n",
                    Environment.today(), System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                    withPython ? "Python " + env.pythonVersion : "no Python (" + env.pythonProblem + ")",
                    Environment.cpuModel(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, runs,
                    childJvmArgs.isBlank() ? "" : " Java child options: " + childJvmArgs.trim() + "."));

            md.append("| N | Java SIGINT->exit ms | Java peak RSS MiB | asyncio SIGINT->exit ms | asyncio peak RSS MiB | asyncio / Java |\n");
            md.append("|---:|---:|---:|---:|---:|---:|\n");
            for (int n : sizes) {
                List<Sample> j = java.get(n);
                List<Sample> p = asyncio.get(n);
                md.append(String.format(Locale.ROOT, "| %,d | %s | %.0f | %s | %s | %s |%n", n,
                        spread(j, Sample::sendToExitMs), median(j, Sample::peakRssMib),
                        p == null ? "skipped" : spread(p, Sample::sendToExitMs),
                        p == null ? "skipped" : String.format(Locale.ROOT, "%.0f", median(p, Sample::peakRssMib)),
                        p == null ? "-" : String.format(Locale.ROOT, "%.1fx", ratio(n))));
            }

            md.append("\nWhere the time goes (medians, ms): delivery = `kill` started -> the child's handler ran;"
                    + " in process = handler -> the child's last word (Java: the `exit` record; asyncio: loop closed);"
                    + " process end = last word -> exit seen by the runner.\n\n");
            md.append("| N | Java delivery | Java in process | Java process end |"
                    + (withPython ? " asyncio delivery | asyncio in process | asyncio process end |" : "") + "\n");
            md.append("|---:|---:|---:|---:|" + (withPython ? "---:|---:|---:|" : "") + "\n");
            for (int n : sizes) {
                List<Sample> j = java.get(n);
                md.append(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f |", n,
                        median(j, Sample::deliveryMs), median(j, Sample::inProcessMs), median(j, Sample::processEndMs)));
                if (withPython) {
                    List<Sample> p = asyncio.get(n);
                    md.append(String.format(Locale.ROOT, " %.1f | %.1f | %.1f |",
                            median(p, Sample::deliveryMs), median(p, Sample::inProcessMs), median(p, Sample::processEndMs)));
                }
                md.append('\n');
            }

            md.append("\nGrowth: ").append(growth("Java", java)).append('\n');
            if (withPython) {
                md.append("Growth: ").append(growth("asyncio", asyncio)).append('\n');
            }
            md.append(targets());
            return md.toString();
        }

        private double ratio(int n) {
            return median(asyncio.get(n), Sample::sendToExitMs) / median(java.get(n), Sample::sendToExitMs);
        }

        /**
         * The cost of the two largest sizes over the smallest (the fixed floor), per task, and the
         * exponent k of work ~ N^k between them: about 1 is linear, about 2 quadratic.
         */
        private String growth(String side, Map<Integer, List<Sample>> samples) {
            if (sizes.size() < 3) {
                return side + ": needs at least three sizes to tell.";
            }
            int floorN = sizes.get(0);
            int a = sizes.get(sizes.size() - 2);
            int b = sizes.get(sizes.size() - 1);
            double floor = median(samples.get(floorN), Sample::sendToExitMs);
            double workA = median(samples.get(a), Sample::sendToExitMs) - floor;
            double workB = median(samples.get(b), Sample::sendToExitMs) - floor;
            String perTask = String.format(Locale.ROOT, "%s: above the N=%,d floor of %.1f ms, %.2f us per task at N=%,d and %.2f us per task at N=%,d",
                    side, floorN, floor, workA * 1000 / (a - floorN), a, workB * 1000 / (b - floorN), b);
            if (workA <= 0 || workB <= 0) {
                return perTask + "; the differences are within the noise, so the exponent cannot be told.";
            }
            double k = Math.log(workB / workA) / Math.log((double) (b - floorN) / (a - floorN));
            String verdict = k <= 1.3 ? "linear or better" : k < 1.7 ? "worse than linear" : "close to quadratic";
            return perTask + String.format(Locale.ROOT, "; growth exponent %.2f (1 = linear, 2 = quadratic): %s.", k, verdict);
        }

        private String targets() {
            int largest = sizes.get(sizes.size() - 1);
            if (largest != 100_000) {
                return "\nTargets (at N=100,000) not checked: the largest size measured is " + largest + ".\n";
            }
            double javaMs = median(java.get(largest), Sample::sendToExitMs);
            StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                    "%nTargets at N=100,000: Java <= %.0f ms: %s (%.1f ms)", TARGET_JAVA_MS, javaMs <= TARGET_JAVA_MS ? "met" : "NOT met", javaMs));
            if (!asyncio.isEmpty()) {
                double r = ratio(largest);
                t.append(String.format(Locale.ROOT, "; >= %.0fx faster than asyncio: %s (%.1fx)", TARGET_RATIO,
                        r >= TARGET_RATIO ? "met" : "NOT met", r));
            }
            return t.append(".\n").toString();
        }

        private static String spread(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
            double[] v = samples.stream().mapToDouble(f).sorted().toArray();
            return String.format(Locale.ROOT, "%s (%s-%s)", ms(median(v)), ms(v[0]), ms(v[v.length - 1]));
        }

        private static String ms(double value) {
            return value < 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
        }

        private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
            return median(samples.stream().mapToDouble(f).sorted().toArray());
        }

        private static double median(double[] sorted) {
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
