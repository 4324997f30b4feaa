package io.signaltest.sample.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The main job's matrix, timed and costed: each round runs the ten standard scenarios against the sample app in a fresh
 * JVM ({@link MatrixRound}), as {@code ./mvnw -Pscenarios verify} does, and reports the window (first scenario started
 * to last one finished) and the CPU time spent in it by the test JVM and by the child JVMs. A runner, not a test:
 *
 * <pre>{@code
 * ./mvnw -q -pl sample-app -am -Pmatrix-bench verify -DskipTests
 * }</pre>
 *
 * <p>System properties: {@code bench.matrix.rounds} (10), {@code bench.matrix.warmups} (1, not counted; the first may
 * write the class-data-sharing archive), {@code bench.matrix.classDataSharing} ({@code true}, as in the
 * {@code scenarios} profile), {@code bench.matrix.output} (the run directories and the archive),
 * {@code bench.matrix.report} (the report's file), and, to try other settings than the profile's,
 * {@code bench.matrix.parallelism} (4) and {@code bench.matrix.childJvmArgs} ({@code -Xint -XX:+UseSerialGC
 * -XX:-UsePerfData}).
 *
 * <p>Race hunting, the same scenarios run many times in one test JVM: {@code bench.matrix.runs} is a comma-separated
 * list of run counts ({@code signaltest.runs}; default {@code 1}, the plain matrix), {@code bench.matrix.jitterMillis}
 * the jitter window of the repeated ones ({@code signaltest.jitter.millis}; default 20; a count of 1 runs without
 * jitter) and {@code bench.matrix.seed} their first seed (default: a new one per round). With several counts, each
 * round runs one test JVM per count, in alternating order (1, 10, then 10, 1), and the report has a table per count and
 * the scenarios (runs) per CPU-second of each.
 *
 * <p>Against another build, in the same command: {@code bench.matrix.baseline} names a checkout of this repository (an
 * older commit, say) whose sample app was built with its test classpath written out:
 *
 * <pre>{@code
 * git worktree add ../before <commit>
 * (cd ../before && ./mvnw -q -pl sample-app -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
 * ./mvnw -q -pl sample-app -am -Pmatrix-bench verify -DskipTests -Dbench.matrix.baseline=../before
 * }</pre>
 *
 * <p>Each round then also runs that build's plain matrix (one run of each scenario) in a fresh JVM on its classpath,
 * with {@code bench.matrix.baseline.childJvmArgs} ({@code -Xint -XX:+UseSerialGC -XX:-UsePerfData}, the profile's
 * options before G1) and its own output directory, in the alternating order; the report gives each count's scenarios
 * per CPU-second against the baseline's.
 */
public final class MatrixBench {

    private static final long ROUND_DEADLINE_SECONDS = 300;
    /** The test JVM's options in the scenarios profile (Failsafe's argLine there). */
    private static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** The children's options and the parallelism in the scenarios profile. */
    private static final String CHILD_JVM_ARGS =
            "-Xint -XX:-UsePerfData -XX:+UseG1GC -XX:ParallelGCThreads=1 -XX:ConcGCThreads=1";
    /** The children's options of the scenarios profile before they moved to G1, for a baseline build. */
    private static final String BASELINE_CHILD_JVM_ARGS = "-Xint -XX:+UseSerialGC -XX:-UsePerfData";
    /** The name of the baseline's side in the report. */
    private static final String BASELINE = "baseline";

    private static final String PARALLELISM = "4";
    /** The scenarios of the standard matrix. */
    private static final int SCENARIOS = 10;

    private MatrixBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = Integer.getInteger("bench.matrix.rounds", 10);
        int warmups = Integer.getInteger("bench.matrix.warmups", 1);
        String sharing = System.getProperty("bench.matrix.classDataSharing", "true");
        String parallelism = System.getProperty("bench.matrix.parallelism", PARALLELISM);
        String childJvmArgs = System.getProperty("bench.matrix.childJvmArgs", CHILD_JVM_ARGS);
        List<Integer> runCounts = new ArrayList<>();
        for (String count : System.getProperty("bench.matrix.runs", "1").split(",")) {
            runCounts.add(Integer.parseInt(count.trim()));
        }
        int jitterMillis = Integer.getInteger("bench.matrix.jitterMillis", 20);
        String seed = System.getProperty("bench.matrix.seed", "");
        Path output = Path.of(System.getProperty("bench.matrix.output", "target/bench/matrix"));
        Path report = Path.of(System.getProperty("bench.matrix.report", "target/bench/matrix-bench.md"));
        Files.createDirectories(output);
        Side baseline = baseline(output);

        String loadBefore = loadAverage();
        long[] machineBefore = machineTicks();
        CpuTicks benchBefore = CpuTicks.ofThisJvm();
        List<Side> sides = new ArrayList<>();
        if (baseline != null) {
            sides.add(baseline);
        }
        for (int runs : runCounts) {
            sides.add(new Side(
                    "runs=" + runs,
                    System.getProperty("java.class.path"),
                    output,
                    childJvmArgs,
                    runs,
                    runs > 1 ? jitterMillis : 0));
        }
        Map<String, List<Map<String, Double>>> samples = new LinkedHashMap<>();
        sides.forEach(side -> samples.put(side.name(), new ArrayList<>()));
        for (int i = 0; i < warmups + rounds; i++) {
            List<Side> order = new ArrayList<>(sides);
            if (i % 2 == 1) {
                Collections.reverse(order);
            }
            for (Side side : order) {
                Map<String, Double> round = round(side, sharing, parallelism, seed);
                System.err.printf(
                        Locale.ROOT,
                        "%s %2d, %s: %s%n",
                        i < warmups ? "warm-up" : "round  ",
                        i + 1,
                        side.name(),
                        round);
                if (i >= warmups) {
                    samples.get(side.name()).add(round);
                }
            }
        }
        long[] machineAfter = machineTicks();
        CpuTicks benchAfter = CpuTicks.ofThisJvm();

        long ours = (benchAfter.own() + benchAfter.children()) - (benchBefore.own() + benchBefore.children());
        long busy = machineAfter[0] - machineBefore[0];
        long total = machineAfter[1] - machineBefore[1];
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "Measured %s: JDK %s; load average %s before, %s after; processes other than "
                        + "the bench's used %.1f %% of the CPU time while it ran.%n",
                java.time.LocalDate.now(),
                System.getProperty("java.runtime.version"),
                loadBefore,
                loadAverage(),
                total > 0 ? 100.0 * Math.max(0, busy - ours) / total : Double.NaN));
        s.append(String.format(
                Locale.ROOT,
                "%d rounds after %d warm-up, each a fresh test JVM (%s) per side, the sides in alternating "
                        + "order; %s scenarios at once; children: %s, class-data-sharing archive %s; "
                        + "repeated runs with a jitter window of %d ms, seed %s.%s%n",
                rounds,
                warmups,
                String.join(" ", TEST_JVM_OPTIONS),
                parallelism,
                childJvmArgs,
                sharing,
                jitterMillis,
                seed.isEmpty() ? "new per round" : seed,
                baseline == null
                        ? ""
                        : " Baseline: the build in " + System.getProperty("bench.matrix.baseline")
                                + ", its plain matrix, children: " + baseline.childJvmArgs() + "."));
        for (Side side : sides) {
            List<Map<String, Double>> rows = samples.get(side.name());
            s.append(String.format(
                    Locale.ROOT,
                    "%n%s (%d scenario runs a round; over all rounds: %.0f passed, %.0f aborted, %.0f failed)%n%n",
                    side.name(),
                    side.runs() * SCENARIOS,
                    sum(rows, "passed"),
                    sum(rows, "aborted"),
                    sum(rows, "failed")));
            s.append("| measure | median | min-max |\n|---|---:|---:|\n");
            row(s, "window: first scenario started to last one finished (s)", rows, r -> r.get("window_ms") / 1000);
            row(s, "test JVM's CPU in the window (s)", rows, r -> r.get("jvm_cpu_ms") / 1000);
            row(s, "child JVMs' CPU in the window (s)", rows, r -> r.get("children_cpu_ms") / 1000);
            row(s, "CPU in the window, both (s)", rows, r -> cpuInWindow(r) / 1000);
            row(s, "the whole round: test JVM start to exit (s)", rows, r -> r.get("round_ms") / 1000);
            row(s, "the whole round's CPU (s)", rows, r -> r.get("round_cpu_ms") / 1000);
            row(s, "scenario runs per CPU-second, the window", rows, r -> runs(r) / (cpuInWindow(r) / 1000));
            row(
                    s,
                    "scenario runs per CPU-second, the whole round",
                    rows,
                    r -> runs(r) / (r.get("round_cpu_ms") / 1000));
            row(s, "cores busy in the window (CPU / wall)", rows, r -> cpuInWindow(r) / r.get("window_ms"));
        }
        if (baseline != null) {
            List<Map<String, Double>> base = samples.get(BASELINE);
            s.append("\nScenario runs per CPU-second against the baseline (medians):\n\n"
                    + "| side | the window | the whole round |\n|---|---:|---:|\n");
            for (Side side : sides.subList(1, sides.size())) {
                List<Map<String, Double>> rows = samples.get(side.name());
                s.append(String.format(
                        Locale.ROOT,
                        "| %s | %.2f times | %.2f times |%n",
                        side.name(),
                        median(rows, r -> runs(r) / (cpuInWindow(r) / 1000))
                                / median(base, r -> runs(r) / (cpuInWindow(r) / 1000)),
                        median(rows, r -> runs(r) / (r.get("round_cpu_ms") / 1000))
                                / median(base, r -> runs(r) / (r.get("round_cpu_ms") / 1000))));
            }
        }
        System.out.print(s);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, s.toString());
    }

    private static double cpuInWindow(Map<String, Double> round) {
        return round.get("jvm_cpu_ms") + round.get("children_cpu_ms");
    }

    /** The scenario runs a round finished, aborted ones included: each started a child and signalled or tried to. */
    private static double runs(Map<String, Double> round) {
        return round.get("passed") + round.get("aborted") + round.get("failed");
    }

    private static double sum(List<Map<String, Double>> rows, String key) {
        return rows.stream().mapToDouble(r -> r.get(key)).sum();
    }

    /**
     * One kind of round: a build (its test classpath, and where its runs and archive go), the children's options, and
     * how many runs of each scenario with which jitter window.
     */
    private record Side(String name, String classpath, Path output, String childJvmArgs, int runs, int jitterMillis) {}

    /** The baseline's side, from {@code bench.matrix.baseline}; null without one. */
    private static Side baseline(Path output) throws IOException {
        String checkout = System.getProperty("bench.matrix.baseline", "");
        if (checkout.isBlank()) {
            return null;
        }
        // a relative path is taken from the repository's root, where the command runs, not from sample-app
        Path root = Path.of(System.getProperty("bench.matrix.root", ".."));
        Path sampleApp = root.resolve(checkout).toAbsolutePath().normalize().resolve("sample-app");
        Path written = sampleApp.resolve("target").resolve("test-classpath.txt");
        if (!Files.isRegularFile(written)) {
            throw new IllegalStateException("bench.matrix.baseline names " + checkout + ", which has no " + written
                    + ": build it there first with ./mvnw -q -pl sample-app -am test-compile "
                    + "dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt "
                    + "-Dmdep.includeScope=test");
        }
        String classpath = String.join(
                java.io.File.pathSeparator,
                sampleApp.resolve("target/test-classes").toString(),
                sampleApp.resolve("target/classes").toString(),
                Files.readString(written).strip());
        String childJvmArgs = System.getProperty("bench.matrix.baseline.childJvmArgs", BASELINE_CHILD_JVM_ARGS);
        return new Side(BASELINE, classpath, output.resolve(BASELINE), childJvmArgs, 1, 0);
    }

    private static Map<String, Double> round(Side side, String sharing, String parallelism, String seed)
            throws IOException, InterruptedException {
        Path output = side.output();
        Files.createDirectories(output);
        int runs = side.runs();
        Path result = Files.createTempFile(output, "round", ".txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(TEST_JVM_OPTIONS);
        command.addAll(List.of(
                "-cp",
                side.classpath(),
                MatrixRound.class.getName(),
                result.toString(),
                output.resolve("signaltest").toAbsolutePath().toString(),
                sharing,
                parallelism,
                side.childJvmArgs(),
                Integer.toString(runs),
                Integer.toString(side.jitterMillis())));
        if (!seed.isEmpty()) {
            command.add(seed);
        }
        CpuTicks before = CpuTicks.ofThisJvm();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.resolve("last-round-output.txt").toFile())
                .start();
        if (!process.waitFor(ROUND_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("a round took more than " + ROUND_DEADLINE_SECONDS + " s; its output is in "
                    + output.resolve("last-round-output.txt"));
        }
        long roundNanos = System.nanoTime() - start;
        CpuTicks after = CpuTicks.ofThisJvm();
        Map<String, Double> round = new HashMap<>();
        for (String pair : Files.readString(result).trim().split(" ")) {
            String[] kv = pair.split("=");
            round.put(kv[0], Double.parseDouble(kv[1]));
        }
        Files.delete(result);
        round.putIfAbsent("aborted", 0.0); // an older build's rounds do not count aborted runs
        // A repeated run may be aborted (its jittered signal came too late to test anything); a failed one is a race
        // found or a harness fault: it is counted and reported, and the round's output kept.
        if (round.get("failed") > 0) {
            Files.copy(
                    output.resolve("last-round-output.txt"),
                    output.resolve("failed-round-" + System.currentTimeMillis() + ".txt"));
        }
        if (process.exitValue() != 0
                || (runs == 1 && round.get("failed") > 0)
                || runs(round) < (double) runs * SCENARIOS) {
            throw new IllegalStateException("a round did not run all its scenarios, or failed one (" + round
                    + "); its output is in " + output.resolve("last-round-output.txt"));
        }
        round.put("round_ms", roundNanos / 1e6);
        round.put("round_cpu_ms", (double) (after.childrenMillis() - before.childrenMillis()));
        return round;
    }

    private static double median(List<Map<String, Double>> samples, ToDoubleFunction<Map<String, Double>> figure) {
        double[] values = samples.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void row(
            StringBuilder s,
            String name,
            List<Map<String, Double>> samples,
            ToDoubleFunction<Map<String, Double>> figure) {
        double[] values = samples.stream().mapToDouble(figure).sorted().toArray();
        s.append(String.format(
                Locale.ROOT,
                "| %s | %.2f | %.2f-%.2f |%n",
                name,
                median(samples, figure),
                values[0],
                values[values.length - 1]));
    }

    private static String loadAverage() {
        try {
            return String.join(
                    " ",
                    Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" "))
                            .subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Busy and total ticks of the whole machine, from the first line of {@code /proc/stat}. */
    private static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        long total = 0;
        for (int i = 1; i < Math.min(cpu.length, 9); i++) {
            total += Long.parseLong(cpu[i]);
        }
        return new long[] {total - idle, total};
    }
}
