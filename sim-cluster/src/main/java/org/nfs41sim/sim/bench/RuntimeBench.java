package org.nfs41sim.sim.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code nfs41sim bench runtime}: runs {@link RuntimeBenchmark} under JMH (one forked JVM per
 * configuration) and prints the median of the measured iterations for each, then the ratio of
 * the controlled dispatcher to Pekko's fork-join executor at the largest pair count.
 */
public final class RuntimeBench {
  private RuntimeBench() {}

  /** The measured figures: messages per second by mode and pair count. */
  public record Figure(String mode, int pairs, double median, List<Double> iterations) {}

  public static List<Figure> run(List<Integer> pairs, int seconds, int warmupSeconds, int repeats,
      PrintWriter progress) throws RunnerException {
    OptionsBuilder options = new OptionsBuilder();
    options.include(RuntimeBenchmark.class.getName() + ".pingPong")
        .param("pairs", pairs.stream().map(String::valueOf).toArray(String[]::new))
        .param("mode", "forkjoin", "controlled")
        .forks(1)
        .warmupIterations(1)
        .warmupTime(TimeValue.seconds(warmupSeconds))
        .measurementIterations(repeats)
        .measurementTime(TimeValue.seconds(seconds))
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .verbosity(VerboseMode.SILENT);
    progress.println("bench runtime: " + pairs.size() * 2 + " configurations, each a JVM with "
        + warmupSeconds + " s warm-up and " + repeats + " x " + seconds + " s measured");
    Collection<RunResult> results = new Runner(options.build()).run();
    List<Figure> figures = new ArrayList<>();
    for (RunResult r : results) {
      List<Double> scores = new ArrayList<>();
      for (IterationResult it : r.getBenchmarkResults().iterator().next().getIterationResults()) {
        scores.add(it.getPrimaryResult().getScore());
      }
      List<Double> sorted = new ArrayList<>(scores);
      sorted.sort(Double::compare);
      double median = sorted.size() % 2 == 1
          ? sorted.get(sorted.size() / 2)
          : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
      figures.add(new Figure(r.getParams().getParam("mode"),
          Integer.parseInt(r.getParams().getParam("pairs")), median, scores));
    }
    figures.sort((x, y) -> x.pairs() != y.pairs() ? Integer.compare(x.pairs(), y.pairs())
        : x.mode().compareTo(y.mode()) * -1);
    return figures;
  }

  /** Prints the table and ends with exactly one {@code ratio b/a at N pairs} line. */
  public static void print(List<Figure> figures, PrintWriter out) {
    out.println("(a) = Pekko fork-join executor, parallelism 1, throughput 1");
    out.println("(b) = controlled dispatcher under the driver, random strategy");
    for (Figure f : figures) {
      out.printf(Locale.ROOT, "%-4s %5d pairs: %,14.0f messages/s (median of %s)%n",
          f.mode().equals("forkjoin") ? "(a)" : "(b)", f.pairs(), f.median(), formatted(f.iterations()));
    }
    int largest = figures.stream().mapToInt(Figure::pairs).max().orElse(0);
    double a = figure(figures, "forkjoin", largest);
    double b = figure(figures, "controlled", largest);
    out.printf(Locale.ROOT, "ratio b/a at %d pairs: %.2f%n", largest, b / a);
  }

  private static double figure(List<Figure> figures, String mode, int pairs) {
    return figures.stream().filter(f -> f.mode().equals(mode) && f.pairs() == pairs)
        .mapToDouble(Figure::median).findFirst().orElse(Double.NaN);
  }

  private static String formatted(List<Double> scores) {
    List<String> s = new ArrayList<>();
    for (double d : scores) {
      s.add(String.format(Locale.ROOT, "%.2fM", d / 1e6));
    }
    return String.join(", ", s);
  }
}
