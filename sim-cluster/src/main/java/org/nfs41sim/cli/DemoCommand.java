package org.nfs41sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.oracle.Violation;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.world.DeterministicSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nfs41sim demo}: the legacy/fixed contrast of d25be546a86f over many seeds. */
@Command(
    name = "demo",
    header = "Show what d25be546a86f fixed: the same seeds with the legacy and the fixed client.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs seeds 1..200 (see --seeds) of the scenario with the legacy and then the fixed client, "
          + "the same workload and reboots for both, and prints a side-by-side table: runs, reboots "
          + "that fell during a delegation return, and the runs with each kind of violation. Writes the "
          + "trace of the first violating run and prints the command that replays it.",
      "Exit 0 when the fixed client had no lock-safety, lost-lock, deadlock or server-conformance "
          + "violation and the legacy client had some; 1 otherwise; 2 on bad input."
    })
public final class DemoCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;

  @Option(
      names = "--seeds",
      paramLabel = "A..B",
      defaultValue = "1..200",
      converter = SeedRange.Converter.class,
      description = "The seeds to run for each variant (default: ${DEFAULT-VALUE}).")
  SeedRange seeds;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      defaultValue = "nfs41sim-demo.trace",
      description = "Where to write the trace of the first violating run (default: ${DEFAULT-VALUE}).")
  Path trace;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int threads = Runtime.getRuntime().availableProcessors();
    if (scenario.variant != null) {
      throw new ParameterException(spec.commandLine(), "demo runs both variants; --variant is for run, explore"
          + " and replay");
    }
    RunCommand.checkOutput(trace, "--trace");
    scenario.variant = ClientVariant.LEGACY;
    ScenarioRun.Spec legacySpec = scenario.spec(seeds.first());
    List<ScenarioRun.Report> legacy = ExploreCommand.explore(legacySpec, seeds, threads, false, err);
    List<ScenarioRun.Report> fixed = ExploreCommand.explore(legacySpec.withVariant(ClientVariant.FIXED), seeds,
        threads, false, err);

    out.println("nfs41sim demo: Linux commit d25be546a86f, \"NFSv4.1: Don't lose locks when a server");
    out.println("reboots during delegation return\", before (legacy) and after (fixed).");
    out.println("Scenario " + legacySpec.scenario() + ", seeds " + seeds.first() + ".." + seeds.last() + ", strategy "
        + legacySpec.strategy() + ".");
    out.println("Each seed gives both clients the same workload and the same reboots; a number");
    out.println("under a kind counts the runs with such a violation.");
    out.println();
    out.printf(Locale.ROOT, "%-28s %10s %10s%n", "", "legacy", "fixed");
    row(out, "runs", legacy.size(), fixed.size());
    row(out, "reboots during a return", rebootsDuringReturns(legacy), rebootsDuringReturns(fixed));
    Map<Violation.Kind, Integer> l = runsWith(legacy);
    Map<Violation.Kind, Integer> f = runsWith(fixed);
    for (Violation.Kind kind : Violation.Kind.values()) {
      row(out, kind.label(), l.get(kind), f.get(kind));
    }
    out.println();
    ScenarioRun.Report shown = firstShowing(legacy);
    if (shown == null) {
      shown = firstShowing(fixed);
    }
    if (shown != null) {
      ScenarioRun.Spec spec = shown.spec();
      try (DeterministicSystem system = DeterministicSystem.create("demo")) {
        ScenarioRun.Report again = RunCommand.traced(trace, log -> ScenarioRun.run(system, spec, log, false, null));
        out.println("First violating run (" + again.outcome() + "):");
        again.violations().forEach(v -> out.println("  " + v));
        out.println("Its trace: " + trace + " (view it: ./nfs41sim trace export --format text " + trace + ")");
        out.println("Replay it: " + scenario.replayCommand(shown.spec().seed(), shown.spec().variant()));
      }
    }
    boolean fixedSafe = f.get(Violation.Kind.LOCK_SAFETY) + f.get(Violation.Kind.LOST_LOCK)
        + f.get(Violation.Kind.DEADLOCK) + f.get(Violation.Kind.SERVER_CONFORMANCE) == 0;
    boolean legacyFails = legacy.stream().anyMatch(r -> !r.clean());
    return fixedSafe && legacyFails ? 0 : 1;
  }

  /** The first violating run, preferring the kinds that show the most: a lost or unsafe lock, then a deadlock. */
  private static ScenarioRun.Report firstShowing(List<ScenarioRun.Report> reports) {
    for (Violation.Kind kind : List.of(Violation.Kind.LOST_LOCK, Violation.Kind.LOCK_SAFETY, Violation.Kind.DEADLOCK)) {
      for (ScenarioRun.Report r : reports) {
        if (r.kinds().contains(kind)) {
          return r;
        }
      }
    }
    return reports.stream().filter(r -> !r.clean()).findFirst().orElse(null);
  }

  private static void row(PrintWriter out, String label, long legacy, long fixed) {
    out.printf(Locale.ROOT, "%-28s %10d %10d%n", label, legacy, fixed);
  }

  private static long rebootsDuringReturns(List<ScenarioRun.Report> reports) {
    return reports.stream().mapToLong(r -> r.rebootsDuringReturns().size()).sum();
  }

  private static Map<Violation.Kind, Integer> runsWith(List<ScenarioRun.Report> reports) {
    Map<Violation.Kind, Integer> counts = new EnumMap<>(Violation.Kind.class);
    for (Violation.Kind kind : Violation.Kind.values()) {
      counts.put(kind, (int) reports.stream().filter(r -> r.kinds().contains(kind)).count());
    }
    return counts;
  }
}
