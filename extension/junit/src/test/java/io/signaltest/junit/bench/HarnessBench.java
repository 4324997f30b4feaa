package io.signaltest.junit.bench;

import io.signaltest.junit.LogRecord;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.internal.process.Platform;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What {@code @SignalTest} costs over doing the same by hand, and how fast its signal lands. A runner, not a test:
 * {@code ./mvnw -q -pl extension/junit -am -Pharness-bench verify} (see docs/benchmarks.md).
 *
 * <p>The scenario: {@link HarnessBenchChild} (6 tasks, at most 2 running, bodies blocking until cancelled, short
 * cleanups), SIGINT at {@code QUEUE_WAITING}. Two sides, in the same JVM, alternating, after warm-ups of both:
 *
 * <ul>
 *   <li>{@link LauncherRun}: {@link HarnessBenchScenario}, one {@code @SignalTest} method, through the JUnit Platform
 *       launcher; timed as the test invocation (the launcher's executionStarted to executionFinished) and as the whole
 *       launcher call;
 *   <li>{@link BareRun}, the floor: the same child JVM to the same moment by hand.
 * </ul>
 *
 * <p>Settings (system properties): {@value #RUNS} (default 20), {@value #WARMUPS} (default 3), {@value #OUTPUT} (the
 * directory for the runs' files, default {@code target/bench/harness}), {@value #REPORT} (a Markdown file for the
 * results, besides standard output), {@value #CHILD_JVM_ARGS} (options for the child JVM on both sides,
 * space-separated). Exits with 1, naming what went wrong, when a run fails.
 */
public final class HarnessBench {

    static final String RUNS = "signaltest.bench.runs";
    static final String WARMUPS = "signaltest.bench.warmups";
    static final String OUTPUT = "signaltest.bench.output";
    static final String REPORT = "signaltest.bench.report";
    static final String CHILD_JVM_ARGS = "signaltest.bench.childJvmArgs";
    /**
     * {@code true}: the {@code @SignalTest} side runs with {@link SignalTest#CLASS_DATA_SHARING_PROPERTY}; the bare
     * side never does.
     */
    static final String CLASS_DATA_SHARING = "signaltest.bench.classDataSharing";

    private static final long MOMENT_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long EXIT_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Both of the harness's own deadlines, and some: it never needs this, it only keeps a broken run from hanging. */
    private static final long LAUNCHER_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(180);

    private static final double TARGET_RATIO = 1.1;
    private static final double TARGET_DELIVERY_MS = 1.5;

    private HarnessBench() {}

    public static void main(String[] args) {
        // Whatever way the runner ends, its children end with it (the children also halt when it is gone).
        Runtime.getRuntime().addShutdownHook(new Thread(HarnessBench::killDescendants, "harness-bench-reaper"));
        try {
            run();
        } catch (Exception | AssertionError e) {
            System.err.println();
            System.err.println("harness bench FAILED: " + e.getMessage());
            if (!(e instanceof IllegalStateException)) {
                e.printStackTrace();
            }
            killDescendants();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run() throws Exception {
        int runs = positive(RUNS, System.getProperty(RUNS, "20"));
        int warmups = Integer.parseInt(System.getProperty(WARMUPS, "3").trim());
        if (warmups < 0) {
            throw new IllegalArgumentException(WARMUPS + " must be 0 or more, got " + warmups);
        }
        Path output =
                Path.of(System.getProperty(OUTPUT, "target/bench/harness")).toAbsolutePath();
        String jvmArgs = System.getProperty(CHILD_JVM_ARGS, "").trim();
        List<String> childJvmArgs = jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+"));
        if (!Platform.hasPosixSignals(System.getProperty("os.name", ""))) {
            throw new IllegalStateException("the harness bench needs POSIX signals; run it on Linux");
        }

        // A background job of a non-interactive shell has SIGINT ignored, and its children inherit
        // that. The harness resets it with env --default-signal; the floor does the same only then.
        boolean sigintIgnored = sigintIgnoredHere();
        List<String> barePrefix = sigintIgnored ? Platform.defaultSignalsPrefix() : List.of();
        if (sigintIgnored && barePrefix.isEmpty()) {
            throw new IllegalStateException(
                    "this JVM has SIGINT ignored and env cannot reset it (--default-signal needs "
                            + "GNU coreutils 8.31+): start the bench from an interactive shell");
        }
        BareRun bare = new BareRun(
                barePrefix, childJvmArgs, output.resolve("bare"), MOMENT_DEADLINE_NANOS, EXIT_DEADLINE_NANOS);
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put(HarnessBenchScenario.ENABLED, "true");
        configuration.put(
                SignalTest.OUTPUT_DIRECTORY_PROPERTY,
                output.resolve("signaltest").toString());
        configuration.put(
                SignalTest.MOMENT_TIMEOUT_PROPERTY,
                Long.toString(TimeUnit.NANOSECONDS.toMillis(MOMENT_DEADLINE_NANOS)));
        configuration.put(
                SignalTest.EXIT_TIMEOUT_PROPERTY, Long.toString(TimeUnit.NANOSECONDS.toMillis(EXIT_DEADLINE_NANOS)));
        configuration.put(SignalTest.REPORT_TABLE_PROPERTY, "false");
        if (!childJvmArgs.isEmpty()) {
            configuration.put(SignalTest.PROGRAM_JVM_ARGS_PROPERTY, jvmArgs);
        }
        boolean sharing = Boolean.parseBoolean(
                System.getProperty(CLASS_DATA_SHARING, "false").trim());
        configuration.put(SignalTest.CLASS_DATA_SHARING_PROPERTY, Boolean.toString(sharing));

        String loadBefore = loadAverage();
        CpuShare cpuBefore = CpuShare.now();
        List<BareRun.Sample> bareSamples = new ArrayList<>();
        List<LauncherRun.Sample> signalTestSamples = new ArrayList<>();
        try (LauncherRun signalTest = new LauncherRun(configuration, LAUNCHER_DEADLINE_NANOS)) {
            for (int i = 0; i < warmups + runs; i++) {
                boolean warmup = i < warmups;
                // Alternate which side goes first, so that neither always follows the other.
                BareRun.Sample b;
                LauncherRun.Sample s;
                if (i % 2 == 0) {
                    b = bare.runOnce();
                    s = signalTest.runOnce();
                } else {
                    s = signalTest.runOnce();
                    b = bare.runOnce();
                }
                System.err.printf(
                        Locale.ROOT,
                        "%s %2d: bare %7.1f ms (delivery %5.2f) | @SignalTest invocation %7.1f ms,"
                                + " launcher call %7.1f ms (delivery %5.2f)%n",
                        warmup ? "warm-up" : "run    ",
                        warmup ? i + 1 : i - warmups + 1,
                        b.totalMs(),
                        b.deliveryMs(),
                        s.invocationMs(),
                        s.launcherCallMs(),
                        s.deliveryMs());
                if (!warmup) {
                    bareSamples.add(b);
                    signalTestSamples.add(s);
                }
            }
        }
        List<String> leftOver = liveJavaDescendants();
        if (!leftOver.isEmpty()) {
            throw new IllegalStateException("child JVMs outlived their runs: " + leftOver);
        }
        String others = CpuShare.now().othersSince(cpuBefore);
        String report = new Report(
                        runs,
                        warmups,
                        childJvmArgs,
                        sharing,
                        barePrefix,
                        loadBefore,
                        loadAverage(),
                        others,
                        bareSamples,
                        signalTestSamples)
                .markdown();
        System.out.println();
        System.out.println(report);
        String reportFile = System.getProperty(REPORT, "").trim();
        if (!reportFile.isEmpty()) {
            Path path = Path.of(reportFile).toAbsolutePath();
            Files.createDirectories(path.getParent());
            Files.writeString(path, report);
            System.out.println("(also written to " + path + ")");
        }
    }

    /** Checks that the child held with 2 tasks running and 4 queued, the state the scenario is about. */
    static void checkMoment(LogRecord moment, Function<String, ? extends RuntimeException> failure) {
        int running = HarnessBenchChild.MAX_CONCURRENT;
        int queued = HarnessBenchChild.TASKS - running;
        if (!moment.text("moment").map("QUEUE_WAITING"::equals).orElse(false)
                || moment.number("running").orElse(-1) != running
                || moment.number("queued").orElse(-1) != queued) {
            throw failure.apply("expected the moment QUEUE_WAITING with " + running + " running and " + queued
                    + " queued, but the log says " + moment);
        }
    }

    /** A command for a message: the classpath, which is long, shortened. */
    static String shorten(List<String> command) {
        List<String> shown = new ArrayList<>();
        for (String part : command) {
            shown.add(part.length() > 120 ? part.substring(0, 60) + "...(" + part.length() + " chars)" : part);
        }
        return String.join(" ", shown);
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value.trim());
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + n);
        }
        return n;
    }

    private static boolean sigintIgnoredHere() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return new BigInteger(line.substring("SigIgn:".length()).trim(), 16).testBit(1);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: assume the default disposition; a child that ignores SIGINT fails its run loudly
        }
        return false;
    }

    private static List<String> liveJavaDescendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    private static void killDescendants() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" ", Arrays.asList(parts).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // reported as unknown
        }
        return "unknown";
    }

    /**
     * How busy the machine was apart from the bench: CPU time spent by all processes ({@code /proc/stat}) less this
     * JVM's and its reaped children's ({@code /proc/self/stat}). The load average lags by minutes; this covers the
     * measured window exactly.
     */
    record CpuShare(long busyTicks, long totalTicks, long ownTicks) {

        static CpuShare now() {
            try {
                String[] cpu =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long user = Long.parseLong(cpu[1]);
                long nice = Long.parseLong(cpu[2]);
                long system = Long.parseLong(cpu[3]);
                long idle = Long.parseLong(cpu[4]);
                long iowait = Long.parseLong(cpu[5]);
                long irq = Long.parseLong(cpu[6]);
                long softirq = Long.parseLong(cpu[7]);
                long steal = cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
                long busy = user + nice + system + irq + softirq + steal;
                String self = Files.readString(Path.of("/proc/self/stat"));
                // Fields after the command name in parentheses; utime, stime, cutime, cstime are fields 14 to 17.
                String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
                long own =
                        Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                return new CpuShare(busy, busy + idle + iowait, own);
            } catch (IOException | RuntimeException e) {
                return new CpuShare(-1, -1, -1);
            }
        }

        String othersSince(CpuShare before) {
            if (before.totalTicks < 0 || totalTicks < 0 || totalTicks == before.totalTicks) {
                return "an unknown share";
            }
            long others = Math.max(0, (busyTicks - before.busyTicks) - (ownTicks - before.ownTicks));
            return String.format(Locale.ROOT, "%.1f %%", 100.0 * others / (totalTicks - before.totalTicks));
        }
    }

    /** Median and p90 of a list of figures. */
    record Stats(double median, double p90, double min, double max) {

        static <T> Stats of(List<T> samples, ToDoubleFunction<T> figure) {
            double[] v = samples.stream().mapToDouble(figure).sorted().toArray();
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            // p90 by nearest rank: the smallest value that at least 90 % of the runs do not exceed
            double p90 = v[(int) Math.ceil(0.9 * n) - 1];
            return new Stats(median, p90, v[0], v[n - 1]);
        }
    }

    /** The tables, in Markdown. */
    private record Report(
            int runs,
            int warmups,
            List<String> childJvmArgs,
            boolean sharing,
            List<String> barePrefix,
            String loadBefore,
            String loadAfter,
            String others,
            List<BareRun.Sample> bare,
            List<LauncherRun.Sample> signalTest) {

        String markdown() {
            Stats bareTotal = Stats.of(bare, BareRun.Sample::totalMs);
            Stats invocation = Stats.of(signalTest, LauncherRun.Sample::invocationMs);
            Stats call = Stats.of(signalTest, LauncherRun.Sample::launcherCallMs);
            Stats delivery = Stats.of(signalTest, LauncherRun.Sample::deliveryMs);
            Stats bareDelivery = Stats.of(bare, BareRun.Sample::deliveryMs);
            double ratio = invocation.median() / bareTotal.median();
            double callRatio = call.median() / bareTotal.median();
            Runtime.Version version = Runtime.version();
            String nl = System.lineSeparator();
            StringBuilder s = new StringBuilder();
            s.append("Measured ")
                    .append(LocalDate.now())
                    .append(": JDK ")
                    .append(version)
                    .append(" (")
                    .append(System.getProperty("java.vm.name"))
                    .append("), ")
                    .append(cpuModel())
                    .append(", ")
                    .append(Runtime.getRuntime().availableProcessors())
                    .append(" cores; ")
                    .append("load average (1, 5, 15 min) ")
                    .append(loadBefore)
                    .append(" before, ")
                    .append(loadAfter)
                    .append(" after; processes other than the bench's used ")
                    .append(others)
                    .append(" of the CPU time while it ran.")
                    .append(nl)
                    .append(runs)
                    .append(" runs per side after ")
                    .append(warmups)
                    .append(" warm-ups of each, alternating; child JVM options: ")
                    .append(childJvmArgs.isEmpty() ? "none" : "`" + String.join(" ", childJvmArgs) + "`")
                    .append(
                            sharing
                                    ? "; @SignalTest with class-data sharing (" + SignalTest.CLASS_DATA_SHARING_PROPERTY
                                            + "=true), the bare run without"
                                    : "")
                    .append(
                            barePrefix.isEmpty()
                                    ? ""
                                    : "; the bare child started through `" + String.join(" ", barePrefix) + "`")
                    .append('.')
                    .append(nl);
            if (version.feature() != 17) {
                s.append("Note: the targets are stated for JDK 17; this run used JDK ")
                        .append(version.feature())
                        .append('.')
                        .append(nl);
            }
            s.append(nl)
                    .append("| measure | median ms | p90 ms | min-max ms |")
                    .append(nl)
                    .append("|---|---:|---:|---:|")
                    .append(nl);
            row(s, "bare run (the floor): start, moment, `kill -s INT`, exit", bareTotal);
            row(s, "@SignalTest: the test invocation (executionStarted to executionFinished)", invocation);
            row(s, "@SignalTest: the whole launcher call (discovery included)", call);
            row(s, "signal delivery, @SignalTest (`SignalRun.signalToReceipt()`)", delivery);
            row(s, "signal delivery, bare (a spawned `kill` process)", bareDelivery);
            s.append(nl)
                    .append("| against the targets | measured | target | verdict |")
                    .append(nl)
                    .append("|---|---:|---:|---|")
                    .append(nl)
                    .append(String.format(
                            Locale.ROOT,
                            "| invocation / bare run (medians) | %.2fx | <= %.1fx | %s |%n",
                            ratio,
                            TARGET_RATIO,
                            ratio <= TARGET_RATIO ? "met" : "**not met**"))
                    .append(String.format(
                            Locale.ROOT, "| launcher call / bare run (medians) | %.2fx | - | - |%n", callRatio))
                    .append(String.format(
                            Locale.ROOT,
                            "| @SignalTest signal delivery (median) | %.2f ms | <= %.1f ms | %s |%n",
                            delivery.median(),
                            TARGET_DELIVERY_MS,
                            delivery.median() <= TARGET_DELIVERY_MS ? "met" : "**not met**"))
                    .append(nl)
                    .append("Where the time goes (the median of each column, ms; \"the rest\" is the "
                            + "total less the other two, run by run):")
                    .append(nl)
                    .append(nl)
                    .append("| side | start to moment | signal to exit seen | the rest | total |")
                    .append(nl)
                    .append("|---|---:|---:|---:|---:|")
                    .append(nl);
            split(
                    s,
                    "bare run",
                    Stats.of(bare, BareRun.Sample::startToMomentMs).median(),
                    Stats.of(bare, BareRun.Sample::signalToExitMs).median(),
                    Stats.of(bare, BareRun.Sample::restMs).median(),
                    bareTotal.median());
            split(
                    s,
                    "@SignalTest invocation",
                    Stats.of(signalTest, LauncherRun.Sample::startToMomentMs).median(),
                    Stats.of(signalTest, LauncherRun.Sample::signalToExitMs).median(),
                    Stats.of(signalTest, LauncherRun.Sample::restMs).median(),
                    invocation.median());
            return s.toString();
        }

        private static void row(StringBuilder s, String label, Stats stats) {
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s-%s |%n",
                    label,
                    ms(stats.median()),
                    ms(stats.p90()),
                    ms(stats.min()),
                    ms(stats.max())));
        }

        private static void split(
                StringBuilder s, String label, double startToMoment, double signalToExit, double rest, double total) {
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    label,
                    ms(startToMoment),
                    ms(signalToExit),
                    ms(rest),
                    ms(total)));
        }

        private static String ms(double value) {
            return value < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.1f", value);
        }
    }
}
