package org.nfs41sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.oracle.Loss;
import org.nfs41sim.sim.oracle.Violation;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.scenario.Explorer;
import org.nfs41sim.sim.scenario.FaultKind;
import org.nfs41sim.sim.scenario.FiredFault;
import org.nfs41sim.sim.scenario.ScenarioRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nfs41sim explore}: many seeds of a scenario in parallel, under the oracles. */
@Command(
    name = "explore",
    header = "Run a range of seeds of a scenario in parallel and report what the oracles saw.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs seeds A..B of the scenario on the available cores, one deterministic actor system per "
          + "thread, and reports in seed order: a line per violating seed, then per kind the number of "
          + "runs with such a violation, the reboots that fell during a delegation return, the runs, and "
          + "the first violating seed of each kind with its replay command.",
      "Exit 0 when no run had a violation, 1 otherwise, 2 on bad input."
    })
public final class ExploreCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;

  @Option(
      names = "--seeds",
      paramLabel = "A..B",
      required = true,
      converter = SeedRange.Converter.class,
      description = "The seeds to run, both ends included (e.g. 1..1000).")
  SeedRange seeds;

  @Option(names = "--stop-on-violation", description = "Start no seed above the lowest violating one.")
  boolean stopOnViolation;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = PositiveInt.class,
      description = "Runs at once (default: the number of cores).")
  Integer threads;

  @Option(
      names = "--trace",
      paramLabel = "DIR",
      description = "Write the trace of every violating seed into DIR, as seed-N-VARIANT.trace.")
  Path traceDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ScenarioRun.Spec base = scenario.spec(seeds.first());
    if (traceDir != null && !Files.isDirectory(traceDir)) {
      throw new ConfigError("--trace " + traceDir + ": no such folder");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    List<ScenarioRun.Report> reports = explore(base, seeds, n, stopOnViolation, err);
    boolean clean = summarize(reports, scenario, out);
    if (traceDir != null) {
      writeTraces(reports, out);
    }
    return clean ? 0 : 1;
  }

  /** Runs every violating seed again, recording its trace (a run is a function of its inputs). */
  private void writeTraces(List<ScenarioRun.Report> reports, PrintWriter out) throws IOException {
    int written = 0;
    try (DeterministicSystem system = DeterministicSystem.create("explore-traces")) {
      for (ScenarioRun.Report r : reports) {
        if (r.clean()) {
          continue;
        }
        Path file = traceDir.resolve("seed-" + r.spec().seed() + "-" + r.spec().variant().name().toLowerCase(Locale.ROOT)
            + ".trace");
        RunCommand.traced(file, t -> ScenarioRun.run(system, r.spec(), t, false, null));
        written++;
      }
    }
    out.println("traces: " + written + " written to " + traceDir);
  }

  /** Runs the seeds with a progress line on {@code err} about every 5% (and at the end). */
  static List<ScenarioRun.Report> explore(ScenarioRun.Spec base, SeedRange seeds, int threads, boolean stop,
      PrintWriter err) {
    long total = seeds.count();
    long step = Math.max(1, total / 20);
    long started = System.nanoTime(); // progress only: wall time never reaches a run
    String label = base.variant().name().toLowerCase(Locale.ROOT);
    List<ScenarioRun.Report> reports = Explorer.explore(base, seeds.first(), seeds.last(), threads, stop, p -> {
      if (p.done() % step == 0 || p.done() == total) {
        double secs = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        err.printf(Locale.ROOT, "explore %s: %d/%d runs, %d with violations, %.1f runs/s%n", label, p.done(), total,
            p.violating(), p.done() / secs);
        err.flush();
      }
    });
    double secs = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    long deliveries = reports.stream().mapToLong(r -> r.result().events()).sum();
    err.printf(Locale.ROOT, "explore %s: %d runs in %.1f s on %d threads: %.1f runs/s, %d model messages, %.0f"
        + " messages/s%n", label, reports.size(), secs, threads, reports.size() / secs, deliveries, deliveries / secs);
    err.flush();
    return reports;
  }

  /** Prints the seed lines and the summary; true when every run was clean. */
  static boolean summarize(List<ScenarioRun.Report> reports, ScenarioOptions scenario, PrintWriter out) {
    Map<Violation.Kind, Integer> runsWith = new EnumMap<>(Violation.Kind.class);
    Map<Violation.Kind, ScenarioRun.Report> first = new EnumMap<>(Violation.Kind.class);
    long rebootsDuringReturns = 0;
    boolean clean = true;
    for (ScenarioRun.Report r : reports) {
      rebootsDuringReturns += r.rebootsDuringReturns().size();
      if (!r.clean()) {
        clean = false;
        out.println(r.outcome());
      }
      for (Violation.Kind kind : r.kinds()) {
        runsWith.merge(kind, 1, Integer::sum);
        first.putIfAbsent(kind, r);
      }
      if (r.result().failed()) {
        out.println("  the run failed: " + r.result().failure());
      }
    }
    for (Violation.Kind kind : Violation.Kind.values()) {
      out.println("violations " + kind.label() + ": " + runsWith.getOrDefault(kind, 0));
    }
    for (Loss.Kind kind : Loss.Kind.values()) {
      out.println("losses " + kind.label() + ": " + reports.stream()
          .filter(r -> r.losses().stream().anyMatch(l -> l.kind() == kind)).count());
    }
    for (FaultKind kind : FaultKind.values()) {
      long runs = reports.stream().filter(r -> r.faults().stream().anyMatch(f -> f.kind() == kind)).count();
      long interrupted = reports.stream().flatMap(r -> r.faults().stream()).filter(f -> f.kind() == kind)
          .mapToLong(FiredFault::returnsInterrupted).sum();
      out.println("faults " + kind.label() + ": " + runs + " runs, " + interrupted + " returns interrupted");
    }
    out.println("reboots during a return: " + rebootsDuringReturns);
    out.println("runs: " + reports.size());
    for (Map.Entry<Violation.Kind, ScenarioRun.Report> e : first.entrySet()) {
      ScenarioRun.Report r = e.getValue();
      Violation v = r.violations().stream().filter(x -> x.kind() == e.getKey()).findFirst().orElseThrow();
      out.println("first " + e.getKey().label() + ": seed " + r.spec().seed() + ": " + v);
      out.println("  replay: " + scenario.replayCommand(r.spec().seed(), r.spec().variant()));
    }
    return clean;
  }
}
