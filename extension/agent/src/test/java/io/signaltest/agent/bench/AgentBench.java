package io.signaltest.agent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The agent's start-up cost per child JVM: the time from starting {@link AgentBenchProgram} to its {@code ready} line
 * without the agent, with the agent inactive (no {@code SIGNALTEST_LOG}: the cost of any {@code -javaagent} to the JVM)
 * and with it active (writing the log), alternating, after warm-ups of each. A runner, not a test: {@code ./mvnw -q -pl
 * extension/agent -am -Pagent-bench verify}.
 *
 * <p>Arguments: the agent jar, the classpath of the program, the number of runs per side, the number of warm-ups per
 * side, and a directory for the logs.
 */
public final class AgentBench {

    private static final double TARGET_EXTRA_MS = 150;

    private AgentBench() {}

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args[0]);
        String classpath = args[1];
        int runs = Integer.parseInt(args[2]);
        int warmups = Integer.parseInt(args[3]);
        Path logs = Files.createDirectories(Path.of(args[4]));
        List<Double> without = new ArrayList<>();
        List<Double> inactive = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int i = 0; i < warmups + runs; i++) {
            double plain = startToReady(classpath, null, null);
            double idle = startToReady(classpath, agent, null);
            double agentMs = startToReady(classpath, agent, logs.resolve("agent-" + i + ".jsonl"));
            if (i >= warmups) {
                without.add(plain);
                inactive.add(idle);
                with.add(agentMs);
            }
        }
        double p50Without = percentile(without, 50);
        double p50With = percentile(with, 50);
        String nl = System.lineSeparator();
        String report = String.format(
                Locale.ROOT,
                "signaltest-agent start-up cost, %d runs per side (java %s, %d cores)%n"
                        + "  start to ready, without the agent:     p50 %.1f ms, p90 %.1f ms%n"
                        + "  start to ready, agent jar but inactive: p50 %.1f ms, p90 %.1f ms%n"
                        + "  start to ready, with the agent:        p50 %.1f ms, p90 %.1f ms%n"
                        + "  extra per child (p50):                 %.1f ms (target at most %.0f ms), of "
                        + "which the JVM's "
                        + "own -javaagent start-up %.1f ms%n",
                runs,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                p50Without,
                percentile(without, 90),
                percentile(inactive, 50),
                percentile(inactive, 90),
                p50With,
                percentile(with, 90),
                p50With - p50Without,
                TARGET_EXTRA_MS,
                percentile(inactive, 50) - p50Without);
        System.out.print(report);
        Files.writeString(logs.resolve("agent-bench.txt"), report + nl);
    }

    /** Milliseconds from starting the child to its {@code ready} line; then the child is killed. */
    private static double startToReady(String classpath, Path agent, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (agent != null) {
            command.add("-javaagent:" + agent);
        }
        command.addAll(Arrays.asList("-cp", classpath, AgentBenchProgram.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SIGNALTEST_LOG");
        if (log != null) {
            builder.environment().put("SIGNALTEST_LOG", log.toString());
        }
        long start = System.nanoTime();
        Process child = builder.start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("ready")) {
                    return (System.nanoTime() - start) / 1e6;
                }
            }
            throw new IllegalStateException("the child ended without printing ready: " + command);
        } finally {
            child.destroyForcibly();
            child.waitFor(1, TimeUnit.MINUTES);
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
