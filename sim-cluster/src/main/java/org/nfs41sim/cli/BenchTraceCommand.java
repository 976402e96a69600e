package org.nfs41sim.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.scenario.ScenarioFiles;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.world.DeterministicSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nfs41sim bench trace}: bytes per event and the cost of recording, on a large run. */
@Command(
    name = "trace",
    header = "Measure a trace's bytes per event and what recording costs.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs one seed of deleg-return-reboot, scaled up (8 clients, 4 processes each, 4 files, 50 sections: over"
          + " 100 000 events; --set overrides), --repeats times without a trace and with one (written to memory"
          + " and counted), alternating, in one deterministic actor system after a warm-up run of each.",
      "Prints the events, the trace's bytes and bytes per event, the median wall time of each and their ratio."
    })
final class BenchTraceCommand implements Callable<Integer> {
  static final List<String> SCALE = List.of("nfs41sim.workload.clients=8", "nfs41sim.workload.processes-per-client=4",
      "nfs41sim.workload.files=4", "nfs41sim.workload.sections=50");

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting after the scale-up.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "The seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", converter = PositiveInt.class,
      description = "Measured runs of each kind (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Spec CommandSpec spec;

  /** Counts the bytes written to it and keeps none. */
  private static final class Counting extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  @Override
  public Integer call() throws IOException {
    List<String> all = new ArrayList<>(SCALE);
    all.addAll(sets);
    ScenarioRun.Spec run = new ScenarioRun.Spec("deleg-return-reboot", ScenarioFiles.load("deleg-return-reboot", all),
        ClientVariant.FIXED, "random", seed);
    PrintWriter out = spec.commandLine().getOut();
    long[] plain = new long[repeats];
    long[] traced = new long[repeats];
    long events = 0;
    long bytes = 0;
    try (DeterministicSystem system = DeterministicSystem.create("bench-trace")) {
      ScenarioRun.run(system, run, null, false, null); // warm-up
      ScenarioRun.run(system, run, new BufferedOutputStream(new Counting(), 1 << 16), false, null);
      for (int i = 0; i < repeats; i++) {
        long t0 = System.nanoTime(); // a benchmark's wall clock, outside any run
        events = ScenarioRun.run(system, run, null, false, null).result().events();
        plain[i] = System.nanoTime() - t0;
        Counting counting = new Counting();
        try (OutputStream buffered = new BufferedOutputStream(counting, 1 << 16)) {
          t0 = System.nanoTime();
          ScenarioRun.run(system, run, buffered, false, null);
          buffered.flush();
          traced[i] = System.nanoTime() - t0;
        }
        bytes = counting.bytes;
      }
    }
    double p = median(Arrays.stream(plain).asDoubleStream().toArray()) / 1e6;
    double t = median(Arrays.stream(traced).asDoubleStream().toArray()) / 1e6;
    out.printf(Locale.ROOT, "events per run: %d%n", events);
    out.printf(Locale.ROOT, "trace: %d bytes, %.2f bytes/event%n", bytes, (double) bytes / events);
    out.printf(Locale.ROOT, "run without a trace: %.1f ms (median of %d)%n", p, repeats);
    out.printf(Locale.ROOT, "run with a trace: %.1f ms (median of %d)%n", t, repeats);
    out.printf(Locale.ROOT, "speed with a trace / without: %.2f%n", p / t);
    return 0;
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
