package io.signaltest.junit.trials;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.signaltest.junit.CleanupLog;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.fixtures.RuntimeApp;
import io.signaltest.junit.internal.process.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The reliability trials of docs/reliability.md, under the Maven profile {@code reliability-trials}.
 *
 * <h2>kill</h2>
 *
 * Each trial starts a test JVM that runs {@link TrialScenarios} (four at a time), kills it with SIGKILL at a random
 * instant 0 to 2.3 s after its first child started, and then watches every process that carries the trial's marker in
 * its environment (every child and grandchild inherits it) until none is left. It reports, per trial, how many were
 * alive at the kill and how long the last one lived on after it.
 *
 * <h2>soak</h2>
 *
 * Runs {@link TrialScenarios} again and again in this JVM, and counts failed scenarios and processes left alive after
 * each round.
 *
 * <h2>log</h2>
 *
 * Each trial starts a runtime child that writes its log as fast as it can (200,000 tiny tasks), kills it with SIGKILL
 * at a random instant within 300 ms after its log passed 64 KiB (while it writes the tasks' records), and reads the
 * log: every complete line must be a valid record; only the last line may be cut short.
 *
 * <h2>pipes</h2>
 *
 * Times one {@code @SignalTest} invocation of a child that leaves a grandchild holding its output pipes, against the
 * same child without it: the cost of naming and killing what is left.
 *
 * <p>Settings (system properties): {@code trials.mode} ({@code kill}, {@code soak}, {@code log} or {@code pipes}),
 * {@code trials.count}, {@code trials.seed}, {@code trials.output} (a directory), {@code trials.report} (a Markdown
 * file).
 */
public final class ReliabilityTrials {

    /** The environment variable and system property that mark a trial's processes. */
    static final String MARKER = "SIGNALTEST_TRIAL";

    private static final long WATCH_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(300);

    private ReliabilityTrials() {}

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("trials.mode", "kill");
        int count = Integer.getInteger("trials.count", 20);
        Path output = Path.of(System.getProperty("trials.output", "target/reliability-trials"))
                .toAbsolutePath();
        Path report = Path.of(
                System.getProperty("trials.report", output.resolve("report.md").toString()));
        Files.createDirectories(output);
        String text = switch (mode) {
            case "kill" -> killTrials(count, new Random(Long.getLong("trials.seed", System.nanoTime())), output);
            case "soak" -> soak(count, output);
            case "pipes" -> pipes(count, output);
            case "log" -> logKills(count, new Random(Long.getLong("trials.seed", System.nanoTime())), output);
            case "host" -> host(output);
            default -> throw new IllegalArgumentException("trials.mode is kill, soak, log, pipes or host, not " + mode);
        };
        Files.writeString(report, text, StandardCharsets.UTF_8);
        System.out.println(text);
        System.out.println("report: " + report);
    }

    // ---------------------------------------------------------------- kill

    private static String killTrials(int count, Random random, Path output) throws Exception {
        StringBuilder s = new StringBuilder();
        s.append("# Kill trials: SIGKILL of the test JVM at a random instant\n\n")
                .append("| trial | kill after the first child started | children alive at the kill | "
                        + "last one gone after | alive 10 s after |\n")
                .append("|---:|---:|---:|---:|---:|\n");
        List<Long> lifetimes = new ArrayList<>();
        int withChildren = 0;
        int survivors10s = 0;
        for (int trial = 1; trial <= count; trial++) {
            String marker = "kill-" + ProcessHandle.current().pid() + "-" + trial;
            long delayMillis = random.nextInt(2_300);
            Process host = startHost(marker, output.resolve("trial-" + trial));
            awaitFirstChild(host, marker);
            LockSupport.parkNanos(
                    TimeUnit.MILLISECONDS.toNanos(delayMillis)); // the random instant is the point of a trial
            List<Long> children = marked(marker);
            children.remove(host.pid());
            int atKill = children.size();
            host.destroyForcibly();
            host.waitFor();
            long killed = System.nanoTime();
            int alive10s = -1;
            List<Long> left = marked(marker);
            while (!left.isEmpty() && System.nanoTime() - killed < WATCH_LIMIT_NANOS) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                if (alive10s < 0 && System.nanoTime() - killed >= TimeUnit.SECONDS.toNanos(10)) {
                    alive10s = left.size();
                }
                left = marked(marker);
            }
            long goneMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            alive10s = Math.max(alive10s, 0);
            if (atKill > 0) {
                withChildren++;
                lifetimes.add(goneMillis);
            }
            survivors10s += alive10s > 0 ? 1 : 0;
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            s.append(String.format(
                    Locale.ROOT,
                    "| %d | %d ms | %d | %s | %d |%n",
                    trial,
                    delayMillis,
                    atKill,
                    atKill == 0
                            ? "-"
                            : goneMillis + " ms" + (left.isEmpty() ? "" : " (still alive: killed by the trials)"),
                    alive10s));
        }
        Collections.sort(lifetimes);
        s.append('\n')
                .append(String.format(
                        Locale.ROOT,
                        "%d trials, %d with children alive at the kill; trials with a process alive 10 s "
                                + "after the kill: %d; "
                                + "after the kill, the last process was gone within: median %s, max %s.%n",
                        count,
                        withChildren,
                        survivors10s,
                        percentile(lifetimes, 50),
                        percentile(lifetimes, 100)));
        return s.toString();
    }

    /** Waits until the host has started its first child: the trials kill it while it runs scenarios. */
    private static void awaitFirstChild(Process host, String marker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && host.isAlive()) {
            List<Long> marked = marked(marker);
            marked.remove(host.pid());
            if (!marked.isEmpty()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IllegalStateException("the trial's test JVM started no child within 120 s; see its files");
    }

    private static Process startHost(String marker, Path directory) throws IOException {
        Files.createDirectories(directory);
        ProcessBuilder builder = new ProcessBuilder(
                        Platform.javaExecutable().toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-D" + MARKER + "=" + marker,
                        "-Dtrials.mode=host",
                        "-Dtrials.output=" + directory,
                        "-Dtrials.report=" + directory.resolve("host.md"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReliabilityTrials.class.getName())
                .redirectOutput(directory.resolve("host-stdout.txt").toFile())
                .redirectError(directory.resolve("host-stderr.txt").toFile());
        builder.environment().put(MARKER, marker);
        return builder.start();
    }

    /** The pids of live processes whose environment holds {@code MARKER=marker}. */
    private static List<Long> marked(String marker) {
        byte[] wanted = (MARKER + "=" + marker + "\0").getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        String[] names = Path.of("/proc").toFile().list();
        if (names == null) {
            throw new IllegalStateException("the trials need /proc");
        }
        for (String name : names) {
            if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
                continue;
            }
            Path entry = Path.of("/proc", name);
            try {
                String stat = Files.readString(entry.resolve("stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    continue;
                }
                if (contains(Files.readAllBytes(entry.resolve("environ")), wanted)) {
                    pids.add(Long.parseLong(name));
                }
            } catch (IOException | RuntimeException gone) {
                // ended while we looked, or not ours to read
            }
        }
        return pids;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (i > 0 && haystack[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- log

    private static String logKills(int count, Random random, Path output) throws Exception {
        int invalid = 0;
        int torn = 0;
        long records = 0;
        List<String> errors = new ArrayList<>();
        for (int trial = 1; trial <= count; trial++) {
            Path log = output.resolve("log-" + trial + ".jsonl");
            Files.deleteIfExists(log);
            ProcessBuilder builder = new ProcessBuilder(
                            Platform.javaExecutable().toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            RuntimeApp.class.getName(),
                            "--tasks",
                            "200000",
                            "--max-concurrent",
                            "8",
                            "--task-ms",
                            "0")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("SIGNALTEST_LOG", log.toString());
            Process child = builder.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (size(log) < 64 * 1024 && child.isAlive() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // until the child writes its tasks' records
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(300_000))); // the random instant
            child.destroyForcibly();
            child.waitFor();
            CleanupLog read = CleanupLog.read(log);
            records += read.records().size();
            invalid += read.errors().isEmpty() ? 0 : 1;
            torn += read.notes().stream().anyMatch(n -> n.contains("no end of line")) ? 1 : 0;
            read.errors().stream().limit(1).forEach(e -> errors.add(log.getFileName() + ": " + e));
        }
        return String.format(
                Locale.ROOT,
                "# Log integrity: SIGKILL of a runtime child at a random instant%n%n"
                        + "%d kills, %d records read in all; logs with an invalid complete line: %d; "
                        + "logs whose last line "
                        + "was cut short by the kill (dropped, as the format allows): %d.%n%s",
                count,
                records,
                invalid,
                torn,
                String.join("\n", errors));
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- pipes

    private static String pipes(int count, Path output) {
        System.setProperty(MARKER, "pipes");
        StringBuilder s = new StringBuilder("# A grandchild holding the output pipes\n\n"
                + "| scenario | median | max | runs | failed |\n|---|---:|---:|---:|---:|\n");
        for (String method : List.of("noGrandchild", "grandchildHoldsThePipes")) {
            List<Long> millis = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < count + 1; i++) {
                long start = System.nanoTime();
                EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                        .configurationParameter(
                                "signaltest.output.directory",
                                output.resolve("pipes").toString())
                        .configurationParameter("signaltest.report.table", "false")
                        .selectors(selectMethod(PipeScenarios.class, method, SignalRun.class.getName()))
                        .execute();
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (i > 0) { // the first run warms up the JVM
                    millis.add(elapsed);
                    failed += (int) results.testEvents().failed().count();
                }
            }
            Collections.sort(millis);
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %d | %d |%n",
                    method,
                    percentile(millis, 50),
                    percentile(millis, 100),
                    millis.size(),
                    failed));
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- soak

    private static String soak(int rounds, Path output) {
        String marker = System.getenv(MARKER);
        if (marker == null) {
            throw new IllegalStateException(
                    "the soak runs with " + MARKER + " set in its environment (the profile sets it)");
        }
        System.setProperty(MARKER, marker);
        int scenarios = 0;
        int failed = 0;
        int leftAlive = 0;
        List<String> failures = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            EngineExecutionResults results = runScenarios(output.resolve("soak"));
            scenarios += (int) results.testEvents().started().count();
            long roundFailed = results.testEvents().failed().count();
            failed += (int) roundFailed;
            results.testEvents().failed().stream().limit(3).forEach(event -> failures.add(event.toString()));
            List<Long> left = leftAfterRound(marker);
            leftAlive += left.size();
            left.forEach(pid -> failures.add("left alive: pid " + pid + " "
                    + ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("?")));
            System.out.printf(
                    Locale.ROOT,
                    "round %d of %d: %d failed, %d processes left%n",
                    round,
                    rounds,
                    roundFailed,
                    left.size());
        }
        return String.format(
                Locale.ROOT,
                "# Soak%n%n%d rounds, %d scenarios, %d failed, %d processes still alive " + "10 s after a round.%n%s",
                rounds,
                scenarios,
                failed,
                leftAlive,
                String.join("\n", failures));
    }

    /**
     * The marked processes still alive 10 s after a round, besides this JVM and its own signal sender (a
     * {@code /bin/sh} that lives as long as this JVM). Watchers end within a second of their child's group, so they are
     * given the time.
     */
    private static List<Long> leftAfterRound(String marker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Long> left;
        do {
            left = marked(marker);
            left.remove(ProcessHandle.current().pid());
            left.removeIf(ReliabilityTrials::isOwnSignalSender);
            if (left.isEmpty()) {
                return left;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        } while (System.nanoTime() < deadline);
        return left;
    }

    private static boolean isOwnSignalSender(long pid) {
        return ProcessHandle.of(pid)
                .filter(p -> p.parent().map(ProcessHandle::pid).orElse(-1L)
                        == ProcessHandle.current().pid())
                .filter(p -> p.info()
                        .arguments()
                        .map(arguments -> arguments.length == 0)
                        .orElse(true))
                .flatMap(p -> p.info().command())
                .map(command -> command.endsWith("sh"))
                .orElse(false);
    }

    private static EngineExecutionResults runScenarios(Path output) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("signaltest.output.directory", output.toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .selectors(selectClass(TrialScenarios.class))
                .execute();
    }

    /** The test JVM of a kill trial: runs the scenarios until it is killed. */
    private static String host(Path output) {
        while (true) {
            runScenarios(output);
        }
    }

    private static String percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) + " ms";
    }
}
