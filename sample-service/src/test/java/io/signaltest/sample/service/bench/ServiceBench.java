package io.signaltest.sample.service.bench;

import io.signaltest.junit.internal.process.ClassDataSharing;
import io.signaltest.sample.service.SampleServiceApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * What the service matrix costs against one start of the service: each round times a bare start-and-stop of the Spring
 * sample service (on Tomcat, no profile) and the whole service matrix ({@link ServiceRound}: {@code ServiceScenarios},
 * four scenarios) in a few configurations, and reports wall time, CPU time and their ratios. A runner, not a test:
 *
 * <pre>{@code
 * ./mvnw -q -pl sample-service -am -Pservice-bench verify -DskipTests
 * }</pre>
 *
 * <p>The bare start-and-stop starts the service as the harness starts a main class, {@code java [options] -cp <test
 * classpath> SampleServiceApplication --server.port=<free port> --sample.work-dir=<directory>}, waits for its line
 * {@code service ready on port}, sends SIGTERM and waits for its exit (143, last line {@code service stopped}); its CPU
 * is the child's, counted once it has been waited for. It runs with plain JVM options, and with the matrix's: the
 * harness's own class-data-sharing archive ({@link ClassDataSharing}, the one the matrix's services map) and
 * {@code bench.service.childJvmArgs}.
 *
 * <p>The matrix runs in a fresh test JVM per round and configuration: without an archive, default JIT, one scenario at
 * a time; with the archive and the options, one at a time; the same, {@code bench.service.parallelism} at a time. Its
 * wall time and CPU (the test JVM's and the service JVMs') count from the test JVM's start to its exit ("round"), and
 * from the first scenario's start to the last one's end ("window").
 *
 * <p>System properties: {@code bench.service.rounds} (3), {@code bench.service.warmups} (1, not counted; the first
 * makes the archive), {@code bench.service.childJvmArgs} ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}, as in the
 * module's {@code junit-platform.properties}), {@code bench.service.classDataSharing} ({@code true}: the archive for
 * the tuned configurations), {@code bench.service.parallelism} (2), {@code bench.service.testJvmArgs} (none, as
 * Failsafe starts this module's tests), {@code bench.service.configurations} ({@code A,B,C}: the matrix's
 * configurations to run, as the report names them), {@code bench.service.output} (run directories and the archive) and
 * {@code bench.service.report} (the report's file).
 */
public final class ServiceBench {

    private static final long ROUND_DEADLINE_SECONDS = 600;
    private static final long READY_DEADLINE_SECONDS = 120;
    private static final long EXIT_DEADLINE_SECONDS = 60;
    private static final long POLL_MILLIS = 5;
    private static final String READY_LINE = "service ready on port";
    private static final String LAST_LINE = "service stopped";
    private static final int SCENARIOS = 4;

    /** How a service JVM runs: with the harness's archive or not, and with which options. */
    private record Options(String id, String name, boolean sharing, String jvmArgs) {
        List<String> jvmArgList() {
            return jvmArgs.isBlank() ? List.of() : List.of(jvmArgs.trim().split("\\s+"));
        }
    }

    /** One configuration of the matrix: the services' options and how many scenarios run at once. */
    private record Variant(String id, String name, Options options, int parallelism) {}

    private ServiceBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = Integer.getInteger("bench.service.rounds", 3);
        int warmups = Integer.getInteger("bench.service.warmups", 1);
        int parallelism = Integer.getInteger("bench.service.parallelism", 2);
        boolean sharing = Boolean.parseBoolean(System.getProperty("bench.service.classDataSharing", "true"));
        String childJvmArgs =
                System.getProperty("bench.service.childJvmArgs", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        String testJvmArgs = System.getProperty("bench.service.testJvmArgs", "");
        Path output = Path.of(System.getProperty("bench.service.output", "target/bench/service"))
                .toAbsolutePath()
                .normalize();
        Path report = Path.of(System.getProperty("bench.service.report", "target/bench/service-bench.md"));
        Files.createDirectories(output);
        // a bench stopped early leaves no service or test JVM running
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));

        Options plain = new Options("plain", "no archive, default JIT", false, "");
        Options tuned = new Options(
                "tuned", (sharing ? "archive" : "no archive") + ", " + describe(childJvmArgs), sharing, childJvmArgs);
        List<Options> bare = List.of(plain, tuned);
        List<String> chosen = List.of(
                System.getProperty("bench.service.configurations", "A,B,C").split(","));
        List<Variant> variants = Stream.of(
                        new Variant("A", "no archive, default JIT, one at a time", plain, 1),
                        new Variant("B", tuned.name() + ", one at a time", tuned, 1),
                        new Variant("C", tuned.name() + ", " + parallelism + " at a time", tuned, parallelism))
                .filter(v -> chosen.contains(v.id()))
                .toList();

        String loadBefore = loadAverage();
        long[] machineBefore = machineTicks();
        CpuTicks benchBefore = CpuTicks.ofThisJvm();
        List<Map<String, Double>> samples = new ArrayList<>();
        for (int i = 0; i < warmups + rounds; i++) {
            Map<String, Double> round = new LinkedHashMap<>();
            // the matrix first: in the warm-up, its first service writes the archive the bare start then maps
            for (Variant variant : variants) {
                matrix(output, variant, testJvmArgs).forEach((k, v) -> round.put(variant.id() + "." + k, v));
            }
            for (Options options : bare) {
                bare(output, options).forEach((k, v) -> round.put("bare." + options.id() + "." + k, v));
            }
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
                "Measured %s: JDK %s, %d cores; load average %s before, %s after; processes other than "
                        + "the bench's used %.1f %% of the CPU time while it ran.%n%n",
                java.time.LocalDate.now(),
                System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(),
                loadBefore,
                loadAverage(),
                total > 0 ? 100.0 * Math.max(0, busy - ours) / total : Double.NaN));
        s.append(String.format(
                Locale.ROOT,
                "%d rounds after %d warm-up; in each, every configuration once, in the order of the tables. "
                        + "The test JVM: %s. Figures: median (min-max) over the rounds.%n%n",
                rounds,
                warmups,
                testJvmArgs.isBlank() ? "default options" : testJvmArgs));

        s.append("Bare start-and-stop of the service (start, `" + READY_LINE + "`, SIGTERM, exit):\n\n");
        s.append("| service JVM | start to ready (s) | start to exit (s) | CPU (s) |\n|---|---:|---:|---:|\n");
        for (Options options : bare) {
            String p = "bare." + options.id() + ".";
            s.append("| ").append(options.name());
            s.append(" | ").append(cell(samples, r -> r.get(p + "ready_ms") / 1000));
            s.append(" | ").append(cell(samples, r -> r.get(p + "wall_ms") / 1000));
            s.append(" | ").append(cell(samples, r -> r.get(p + "cpu_ms") / 1000));
            s.append(" |\n");
        }

        s.append("\nThe service matrix (" + SCENARIOS + " scenarios), a fresh test JVM each time:\n\n");
        s.append("| configuration | round: wall (s) | round: CPU (s) | window: wall (s) "
                + "| window: CPU, test JVM + services (s) |\n|---|---:|---:|---:|---:|\n");
        for (Variant variant : variants) {
            String p = variant.id() + ".";
            s.append("| ").append(variant.id()).append(": ").append(variant.name());
            s.append(" | ").append(cell(samples, r -> r.get(p + "round_ms") / 1000));
            s.append(" | ").append(cell(samples, r -> r.get(p + "round_cpu_ms") / 1000));
            s.append(" | ").append(cell(samples, r -> r.get(p + "window_ms") / 1000));
            s.append(" | ").append(cell(samples, r -> r.get(p + "jvm_cpu_ms") / 1000));
            s.append(" + ").append(cell(samples, r -> r.get(p + "children_cpu_ms") / 1000));
            s.append(" |\n");
        }

        s.append("\nRatios, matrix / bare start-and-stop, each taken within a round:\n\n");
        s.append("| configuration | against the bare start | round: wall | round: CPU | window: wall "
                + "| window: CPU |\n|---|---|---:|---:|---:|---:|\n");
        for (Variant variant : variants) {
            List<Options> against = variant.options() == plain ? List.of(plain) : List.of(plain, variant.options());
            for (Options yardstick : against) {
                String p = variant.id() + ".";
                String b = "bare." + yardstick.id() + ".";
                s.append("| ").append(variant.id()).append(" | ").append(yardstick.name());
                s.append(" | ").append(cell(samples, r -> r.get(p + "round_ms") / r.get(b + "wall_ms")));
                s.append(" | ").append(cell(samples, r -> r.get(p + "round_cpu_ms") / r.get(b + "cpu_ms")));
                s.append(" | ").append(cell(samples, r -> r.get(p + "window_ms") / r.get(b + "wall_ms")));
                s.append(" | ")
                        .append(cell(
                                samples,
                                r -> (r.get(p + "jvm_cpu_ms") + r.get(p + "children_cpu_ms")) / r.get(b + "cpu_ms")));
                s.append(" |\n");
            }
        }

        s.append("\nEach round, wall / CPU (s):\n\n| round");
        bare.forEach(o -> s.append(" | bare, ").append(o.id()));
        variants.forEach(v -> s.append(" | ").append(v.id()).append(", round"));
        s.append(" |\n|---:");
        s.append("|---:".repeat(bare.size() + variants.size()));
        s.append("|\n");
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Double> r = samples.get(i);
            s.append("| ").append(i + 1);
            for (Options o : bare) {
                s.append(pair(r.get("bare." + o.id() + ".wall_ms"), r.get("bare." + o.id() + ".cpu_ms")));
            }
            for (Variant v : variants) {
                s.append(pair(r.get(v.id() + ".round_ms"), r.get(v.id() + ".round_cpu_ms")));
            }
            s.append(" |\n");
        }
        System.out.print(s);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, s.toString());
    }

    /**
     * Starts the service, waits for its ready line, sends SIGTERM, waits for its exit. Its CPU is this JVM's children's
     * CPU across the run: the service is this JVM's only child then, and {@link Process#waitFor} reaps it.
     */
    private static Map<String, Double> bare(Path output, Options options) throws IOException, InterruptedException {
        String classpath = System.getProperty("java.class.path");
        List<String> jvmArgs = options.jvmArgList();
        ClassDataSharing.Launch launch = options.sharing()
                ? ClassDataSharing.prepare(output.resolve("signaltest"), classpath, jvmArgs)
                : ClassDataSharing.Launch.plain(classpath);
        Path directory = Files.createTempDirectory(Files.createDirectories(output.resolve("bare")), options.id());
        Path temp = Files.createDirectories(directory.resolve("tmp"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + temp);
        command.addAll(launch.jvmOptions());
        command.addAll(jvmArgs);
        command.addAll(List.of(
                "-cp",
                launch.classpath(),
                SampleServiceApplication.class.getName(),
                "--server.port=" + freePort(),
                "--sample.work-dir=" + directory.resolve("work")));
        Path log = directory.resolve("output.txt");

        CpuTicks before = CpuTicks.ofThisJvm();
        long start = System.nanoTime();
        // its output to a file, as the harness does, read as it grows
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        long readyNanos = -1;
        try {
            long deadline = start + TimeUnit.SECONDS.toNanos(READY_DEADLINE_SECONDS);
            while (readyNanos < 0) {
                if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(READY_LINE)) {
                    readyNanos = System.nanoTime();
                } else if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bare service was not ready (exited: " + !process.isAlive()
                            + "); its output is in " + log);
                } else {
                    Thread.sleep(POLL_MILLIS);
                }
            }
            process.destroy(); // SIGTERM
            if (!process.waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the bare service did not exit within " + EXIT_DEADLINE_SECONDS
                        + " s of SIGTERM; its output is in " + log);
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
        }
        long end = System.nanoTime();
        CpuTicks after = CpuTicks.ofThisJvm();
        launch.onExit().run(); // after the CPU is read: the archive's check is one more JVM
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (process.exitValue() != 143 || !last.contains(LAST_LINE)) {
            throw new IllegalStateException("the bare service exited with " + process.exitValue() + ", last line: "
                    + last + "; its output is in " + log);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("ready_ms", (readyNanos - start) / 1e6);
        figures.put("wall_ms", (end - start) / 1e6);
        figures.put("cpu_ms", (double) (after.childrenMillis() - before.childrenMillis()));
        return figures;
    }

    /** One round of the matrix in a fresh test JVM ({@link ServiceRound}), timed and costed from here. */
    private static Map<String, Double> matrix(Path output, Variant variant, String testJvmArgs)
            throws IOException, InterruptedException {
        Path result = Files.createTempFile(output, "round", ".txt");
        Path roundOutput = output.resolve("last-round-" + variant.id() + ".txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!testJvmArgs.isBlank()) {
            command.addAll(List.of(testJvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ServiceRound.class.getName(),
                result.toString(),
                output.resolve("signaltest").toString(),
                Boolean.toString(variant.options().sharing()),
                variant.options().jvmArgs(),
                Integer.toString(variant.parallelism())));
        CpuTicks before = CpuTicks.ofThisJvm();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(roundOutput.toFile())
                .start();
        if (!process.waitFor(ROUND_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException(
                    "a round took more than " + ROUND_DEADLINE_SECONDS + " s; its output is in " + roundOutput);
        }
        long roundNanos = System.nanoTime() - start;
        CpuTicks after = CpuTicks.ofThisJvm();
        Map<String, Double> round = new LinkedHashMap<>();
        for (String pair : Files.readString(result).trim().split(" ")) {
            String[] kv = pair.split("=");
            round.put(kv[0], Double.parseDouble(kv[1]));
        }
        Files.delete(result);
        if (process.exitValue() != 0 || round.get("failed") > 0 || round.get("passed") < SCENARIOS) {
            throw new IllegalStateException("configuration " + variant.id() + " did not pass all " + SCENARIOS
                    + " scenarios (" + round + "); its output is in " + roundOutput);
        }
        round.put("round_ms", roundNanos / 1e6);
        round.put("round_cpu_ms", (double) (after.childrenMillis() - before.childrenMillis()));
        return round;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String describe(String jvmArgs) {
        return jvmArgs.isBlank() ? "default JIT" : "`" + jvmArgs.trim() + "`";
    }

    private static String cell(List<Map<String, Double>> samples, ToDoubleFunction<Map<String, Double>> figure) {
        double[] values = samples.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median, values[0], values[n - 1]);
    }

    private static String pair(double wallMillis, double cpuMillis) {
        return String.format(Locale.ROOT, " | %.2f / %.2f", wallMillis / 1000, cpuMillis / 1000);
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
