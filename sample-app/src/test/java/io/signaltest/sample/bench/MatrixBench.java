package io.signaltest.sample.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 */
public final class MatrixBench {

    private static final long ROUND_DEADLINE_SECONDS = 300;
    /** The test JVM's options in the scenarios profile (Failsafe's argLine there). */
    private static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** The children's options and the parallelism in the scenarios profile. */
    private static final String CHILD_JVM_ARGS = "-Xint -XX:+UseSerialGC -XX:-UsePerfData";

    private static final String PARALLELISM = "4";

    private MatrixBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = Integer.getInteger("bench.matrix.rounds", 10);
        int warmups = Integer.getInteger("bench.matrix.warmups", 1);
        String sharing = System.getProperty("bench.matrix.classDataSharing", "true");
        String parallelism = System.getProperty("bench.matrix.parallelism", PARALLELISM);
        String childJvmArgs = System.getProperty("bench.matrix.childJvmArgs", CHILD_JVM_ARGS);
        Path output = Path.of(System.getProperty("bench.matrix.output", "target/bench/matrix"));
        Path report = Path.of(System.getProperty("bench.matrix.report", "target/bench/matrix-bench.md"));
        Files.createDirectories(output);

        String loadBefore = loadAverage();
        long[] machineBefore = machineTicks();
        CpuTicks benchBefore = CpuTicks.ofThisJvm();
        List<Map<String, Double>> samples = new ArrayList<>();
        for (int i = 0; i < warmups + rounds; i++) {
            Map<String, Double> round = round(output, sharing, parallelism, childJvmArgs);
            System.err.printf(Locale.ROOT, "%s %2d: %s%n", i < warmups ? "warm-up" : "round  ", i + 1, round);
            if (i >= warmups) {
                samples.add(round);
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
                "%d rounds after %d warm-up, each a fresh test JVM (%s); %s scenarios at once; "
                        + "children: %s, class-data-sharing archive %s.%n%n",
                rounds,
                warmups,
                String.join(" ", TEST_JVM_OPTIONS),
                parallelism,
                childJvmArgs,
                sharing));
        s.append("| measure | median | min-max |\n|---|---:|---:|\n");
        row(s, "window: first scenario started to last one finished (s)", samples, r -> r.get("window_ms") / 1000);
        row(s, "test JVM's CPU in the window (s)", samples, r -> r.get("jvm_cpu_ms") / 1000);
        row(s, "child JVMs' CPU in the window (s)", samples, r -> r.get("children_cpu_ms") / 1000);
        row(s, "CPU in the window, both (s)", samples, r -> (r.get("jvm_cpu_ms") + r.get("children_cpu_ms")) / 1000);
        row(s, "the whole round: test JVM start to exit (s)", samples, r -> r.get("round_ms") / 1000);
        row(s, "the whole round's CPU (s)", samples, r -> r.get("round_cpu_ms") / 1000);
        System.out.print(s);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, s.toString());
    }

    private static Map<String, Double> round(Path output, String sharing, String parallelism, String childJvmArgs)
            throws IOException, InterruptedException {
        Path result = Files.createTempFile(output, "round", ".txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(TEST_JVM_OPTIONS);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                MatrixRound.class.getName(),
                result.toString(),
                output.resolve("signaltest").toAbsolutePath().toString(),
                sharing,
                parallelism,
                childJvmArgs));
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
        if (process.exitValue() != 0 || round.get("failed") > 0 || round.get("passed") < 10) {
            throw new IllegalStateException("a round did not pass all ten scenarios (" + round + "); its output is in "
                    + output.resolve("last-round-output.txt"));
        }
        round.put("round_ms", roundNanos / 1e6);
        round.put("round_cpu_ms", (double) (after.childrenMillis() - before.childrenMillis()));
        return round;
    }

    private static void row(
            StringBuilder s,
            String name,
            List<Map<String, Double>> samples,
            ToDoubleFunction<Map<String, Double>> figure) {
        double[] values = samples.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        s.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f-%.2f |%n", name, median, values[0], values[n - 1]));
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
