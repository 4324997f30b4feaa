package io.signaltest.runtime.bench;

import io.signaltest.runtime.bench.RuntimeBench.Environment;
import io.signaltest.runtime.bench.RuntimeBench.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The Markdown results of a {@link RuntimeBench} run: the comparison with every asyncio design, where the time goes,
 * the first cleanup after the signal, the scale of a list against a lazy source, growth, and the targets.
 */
final class RuntimeBenchReport {

    private static final double GAP_TARGET_MS = 2;
    private static final double LAZY_MEMORY_TARGET_MIB = 64;

    private final Environment env;
    private final int runs;
    /** side ("list" for the runtime, or an asyncio design) -> N -> samples. */
    private final Map<String, Map<Integer, List<Sample>>> comparison;
    /** "list" or "lazy" -> N -> samples. */
    private final Map<String, Map<Integer, List<Sample>>> scale;

    private final String loadBefore;
    private final String loadAfter;
    private final String childJvmArgs;
    private final double minutes;

    RuntimeBenchReport(
            Environment env,
            int runs,
            Map<String, Map<Integer, List<Sample>>> comparison,
            Map<String, Map<Integer, List<Sample>>> scale,
            String loadBefore,
            String loadAfter,
            String childJvmArgs,
            double minutes) {
        this.env = env;
        this.runs = runs;
        this.comparison = comparison;
        this.scale = scale;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.childJvmArgs = childJvmArgs;
        this.minutes = minutes;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "Measured %s: JDK %s (%s), %s, %s, %d cores, load average %s before and %s after;"
                        + " %d runs per N and side, interleaved; median (min-max); %.1f minutes in all.%s%n%n",
                Environment.today(),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"),
                env.pythonVersion != null ? "Python " + env.pythonVersion : "no Python (" + env.pythonProblem + ")",
                Environment.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                loadBefore,
                loadAfter,
                runs,
                minutes,
                childJvmArgs.isBlank() ? "" : " Java child options: " + childJvmArgs.trim() + "."));
        if (comparison.containsKey("list")) {
            comparisonTables(md);
        }
        if (!scale.isEmpty()) {
            scaleTable(md);
        }
        targets(md);
        return md.toString();
    }

    private List<String> designs() {
        List<String> designs = new ArrayList<>();
        for (String side : comparison.keySet()) {
            if (!side.equals("list")) {
                designs.add(side);
            }
        }
        return designs;
    }

    private void comparisonTables(StringBuilder md) {
        List<String> designs = designs();
        Map<Integer, List<Sample>> runtime = comparison.get("list");
        md.append("SIGINT to exit, ms (signal sent to the process gone):\n\n| N | runtime (task list) |");
        designs.forEach(
                d -> md.append(' ').append(RuntimeBench.DESIGN_NAMES.get(d)).append(" |"));
        md.append(designs.isEmpty() ? "\n" : " best asyncio / runtime |\n");
        md.append("|---:|---:|")
                .append("---:|".repeat(designs.size()))
                .append(designs.isEmpty() ? "" : "---:|")
                .append('\n');
        for (int n : runtime.keySet()) {
            md.append(String.format(Locale.ROOT, "| %,d | %s |", n, spread(runtime.get(n), Sample::sendToExitMs)));
            for (String d : designs) {
                List<Sample> s = comparison.get(d).get(n);
                md.append(' ')
                        .append(s == null ? "not run" : spread(s, Sample::sendToExitMs))
                        .append(" |");
            }
            if (!designs.isEmpty()) {
                double best = bestAsyncio(n);
                md.append(
                        Double.isNaN(best)
                                ? " - |"
                                : String.format(
                                        Locale.ROOT, " %.2fx |", best / median(runtime.get(n), Sample::sendToExitMs)));
            }
            md.append('\n');
        }

        md.append("\nWhere the time goes (medians, ms): delivery = `kill` started -> the child's handler ran;"
                + " in process = handler -> the child's last word (runtime: the `exit` record; asyncio: the loop closed"
                + " after `run_finished`); process end = last word -> exit seen by the runner.\n\n");
        md.append("| N | runtime delivery | runtime in process | runtime process end |");
        designs.forEach(
                d -> md.append(' ').append(RuntimeBench.DESIGN_NAMES.get(d)).append(": in process |"));
        md.append("\n|---:|---:|---:|---:|")
                .append("---:|".repeat(designs.size()))
                .append('\n');
        for (int n : runtime.keySet()) {
            List<Sample> j = runtime.get(n);
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %s | %s |",
                    n,
                    ms(median(j, Sample::deliveryMs)),
                    ms(median(j, Sample::inProcessMs)),
                    ms(median(j, Sample::processEndMs))));
            for (String d : designs) {
                List<Sample> s = comparison.get(d).get(n);
                md.append(' ')
                        .append(s == null ? "-" : ms(median(s, Sample::inProcessMs)))
                        .append(" |");
            }
            md.append('\n');
        }

        md.append("\nThe signal's record to the first `cleanup_started` record, ms (from the child's own log):\n\n");
        md.append("| N | runtime |");
        designs.forEach(
                d -> md.append(' ').append(RuntimeBench.DESIGN_NAMES.get(d)).append(" |"));
        md.append("\n|---:|---:|").append("---:|".repeat(designs.size())).append('\n');
        for (int n : runtime.keySet()) {
            md.append(String.format(Locale.ROOT, "| %,d | %s |", n, spread(runtime.get(n), Sample::gapMs)));
            for (String d : designs) {
                List<Sample> s = comparison.get(d).get(n);
                md.append(' ')
                        .append(s == null ? "-" : spread(s, Sample::gapMs))
                        .append(" |");
            }
            md.append('\n');
        }

        md.append('\n').append("Growth: ").append(growth("runtime", runtime)).append('\n');
        for (String d : designs) {
            md.append("Growth: ")
                    .append(growth(RuntimeBench.DESIGN_NAMES.get(d), comparison.get(d)))
                    .append('\n');
        }
    }

    private void scaleTable(StringBuilder md) {
        md.append(
                "\nScale, the runtime with a task list and with a lazy source (a `Stream` read as slots free up):\n\n");
        md.append("| N | source | start to first task ms | SIGINT to exit ms | signal to first cleanup ms "
                + "| peak RSS MiB | log MiB |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|\n");
        TreeSet<Integer> sizes = new TreeSet<>();
        scale.values().forEach(m -> sizes.addAll(m.keySet()));
        for (int n : sizes) {
            for (String source : scale.keySet()) {
                List<Sample> s = scale.get(source).get(n);
                if (s == null) {
                    continue;
                }
                md.append(String.format(
                        Locale.ROOT,
                        "| %,d | %s | %s | %s | %s | %.0f | %.1f |%n",
                        n,
                        source,
                        spread(s, Sample::firstStartMs),
                        spread(s, Sample::sendToExitMs),
                        spread(s, Sample::gapMs),
                        median(s, Sample::peakRssMib),
                        median(s, Sample::logMib)));
            }
        }
        if (sizes.size() >= 2) {
            int small = sizes.first();
            int large = sizes.last();
            md.append(String.format(Locale.ROOT, "%nPeak RSS above N=%,d, per task at N=%,d:", small, large));
            for (String source : scale.keySet()) {
                md.append(String.format(
                        Locale.ROOT,
                        " %s %.0f bytes (%.0f MiB in all);",
                        source,
                        perTaskBytes(source, small, large),
                        aboveMib(source, small, large)));
            }
            md.setLength(md.length() - 1);
            md.append(".\n");
        }
    }

    private double perTaskBytes(String source, int small, int large) {
        return aboveMib(source, small, large) * 1024 * 1024 / (large - small);
    }

    private double aboveMib(String source, int small, int large) {
        Map<Integer, List<Sample>> s = scale.get(source);
        return median(s.get(large), Sample::peakRssMib) - median(s.get(small), Sample::peakRssMib);
    }

    private void targets(StringBuilder md) {
        md.append("\nTargets:\n\n");
        Map<Integer, List<Sample>> runtime = comparison.get("list");
        if (runtime != null && !designs().isEmpty()) {
            for (int n : List.of(10_000, 100_000)) {
                double best = bestAsyncio(n);
                if (runtime.containsKey(n) && !Double.isNaN(best)) {
                    double j = median(runtime.get(n), Sample::sendToExitMs);
                    md.append(String.format(
                            Locale.ROOT,
                            "- runtime ahead of the best asyncio design at N=%,d: %s (%s ms against %s ms)%n",
                            n,
                            j < best ? "met" : "NOT met",
                            ms(j),
                            ms(best)));
                }
            }
        }
        List<Map<Integer, List<Sample>>> javaSides = new ArrayList<>();
        if (runtime != null) {
            javaSides.add(runtime);
        }
        javaSides.addAll(scale.values());
        double worstMedianGap = 0;
        double worstGap = 0;
        for (Map<Integer, List<Sample>> side : javaSides) {
            for (List<Sample> s : side.values()) {
                worstMedianGap = Math.max(worstMedianGap, median(s, Sample::gapMs));
                worstGap = Math.max(
                        worstGap, s.stream().mapToDouble(Sample::gapMs).max().orElse(0));
            }
        }
        if (!javaSides.isEmpty()) {
            md.append(String.format(
                    Locale.ROOT,
                    "- first cleanup within %.0f ms of the signal at every N: %s (the worst median"
                            + " %.2f ms, the worst single run %.2f ms)%n",
                    GAP_TARGET_MS,
                    worstMedianGap <= GAP_TARGET_MS ? "met" : "NOT met",
                    worstMedianGap,
                    worstGap));
        }
        Map<Integer, List<Sample>> lazy = scale.get("lazy");
        if (lazy != null && lazy.size() >= 2) {
            int small = new TreeSet<>(lazy.keySet()).first();
            int large = new TreeSet<>(lazy.keySet()).last();
            double above = aboveMib("lazy", small, large);
            md.append(String.format(
                    Locale.ROOT,
                    "- lazy source: peak RSS at N=%,d at most %.0f MiB above N=%,d: %s (%.0f MiB)%n",
                    large,
                    LAZY_MEMORY_TARGET_MIB,
                    small,
                    above <= LAZY_MEMORY_TARGET_MIB ? "met" : "NOT met",
                    above));
            md.append(String.format(
                    Locale.ROOT,
                    "- lazy source: start to first task at N=%,d against N=%,d: %s ms against %s ms%n",
                    large,
                    small,
                    ms(median(lazy.get(large), Sample::firstStartMs)),
                    ms(median(lazy.get(small), Sample::firstStartMs))));
        }
    }

    private double bestAsyncio(int n) {
        double best = Double.NaN;
        for (String d : designs()) {
            List<Sample> s = comparison.get(d).get(n);
            if (s != null) {
                double m = median(s, Sample::sendToExitMs);
                best = Double.isNaN(best) ? m : Math.min(best, m);
            }
        }
        return best;
    }

    /**
     * The cost of the two largest sizes over the smallest (the fixed floor), per task, and the exponent k of work ~ N^k
     * between them: about 1 is linear, about 2 quadratic.
     */
    private static String growth(String side, Map<Integer, List<Sample>> samples) {
        List<Integer> sizes = new ArrayList<>(new TreeSet<>(samples.keySet()));
        if (sizes.size() < 3) {
            return side + ": needs at least three sizes to tell.";
        }
        int floorN = sizes.get(0);
        int a = sizes.get(sizes.size() - 2);
        int b = sizes.get(sizes.size() - 1);
        double floor = median(samples.get(floorN), Sample::sendToExitMs);
        double workA = median(samples.get(a), Sample::sendToExitMs) - floor;
        double workB = median(samples.get(b), Sample::sendToExitMs) - floor;
        String perTask = String.format(
                Locale.ROOT,
                "%s: above the N=%,d floor of %s ms, %.2f us per task at N=%,d and %.2f us" + " per task at N=%,d",
                side,
                floorN,
                ms(floor),
                workA * 1000 / (a - floorN),
                a,
                workB * 1000 / (b - floorN),
                b);
        if (workA <= 0 || workB <= 0) {
            return perTask + "; the differences are within the noise, so the exponent cannot be told.";
        }
        double k = Math.log(workB / workA) / Math.log((double) (b - floorN) / (a - floorN));
        String verdict = k <= 1.3 ? "linear or better" : k < 1.7 ? "worse than linear" : "close to quadratic";
        return perTask
                + String.format(Locale.ROOT, "; growth exponent %.2f (1 = linear, 2 = quadratic): %s.", k, verdict);
    }

    private static String spread(List<Sample> samples, ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        return String.format(Locale.ROOT, "%s (%s-%s)", ms(median(v)), ms(v[0]), ms(v[v.length - 1]));
    }

    private static String ms(double value) {
        return value < 10
                ? String.format(Locale.ROOT, "%.2f", value)
                : value < 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return median(samples.stream().mapToDouble(f).sorted().toArray());
    }

    private static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
