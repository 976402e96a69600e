package org.nfs41sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.oracle.Loss;
import org.nfs41sim.sim.oracle.Violation;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.world.DeterministicSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nfs41sim demo}: the same seeds with the three client variants, legacy (the seed's
 * parent), seed (d25be546a86f alone) and fixed (3.10.y), side by side.
 */
@Command(
    name = "demo",
    header = "Show what d25be546a86f fixed: the same seeds with the legacy, seed and fixed clients.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs seeds 1..200 (see --seeds) of the scenario (default: deleg-return-sync) with the legacy, "
          + "the seed and the fixed client, the same workload and faults for all three, and prints a table: "
          + "runs, reboots that fell during a delegation return, the runs with each kind of violation, and "
          + "apart from them the runs that lost a lock in a way NFSv4 allows. Writes the trace of the first "
          + "violating run and prints the command that replays it.",
      "Exit 0 when the fixed client had no violation and the legacy client had some; 1 otherwise; "
          + "2 on bad input."
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

  /** The scenario demo runs when none is given: the one that shows legacy's leak and its deadlock. */
  static final String SCENARIO = "deleg-return-sync";

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int threads = Runtime.getRuntime().availableProcessors();
    if (scenario.variant != null) {
      throw new ParameterException(spec.commandLine(), "demo runs every variant; --variant is for run, explore"
          + " and replay");
    }
    RunCommand.checkOutput(trace, "--trace");
    if (!scenario.scenarioGiven()) {
      scenario.scenario = SCENARIO;
    }
    scenario.variant = ClientVariant.LEGACY;
    ScenarioRun.Spec base = scenario.spec(seeds.first());
    Map<ClientVariant, List<ScenarioRun.Report>> runs = new EnumMap<>(ClientVariant.class);
    for (ClientVariant v : ClientVariant.values()) {
      runs.put(v, ExploreCommand.explore(base.withVariant(v), seeds, threads, false, err));
    }

    out.println("nfs41sim demo: Linux commit d25be546a86f, \"NFSv4.1: Don't lose locks when a server");
    out.println("reboots during delegation return\": its parent (legacy), the commit alone (seed), and");
    out.println("3.10.y with the rest of its series and two later fixes (fixed), against nfsd's");
    out.println("behaviour of the time.");
    out.println("Scenario " + base.scenario() + ", seeds " + seeds.first() + ".." + seeds.last() + ", strategy "
        + base.strategy() + ".");
    out.println("Each seed gives the three clients the same workload and the same faults; a number");
    out.println("under a kind counts the runs with it. Losses are what NFSv4 lets a client lose (its");
    out.println("lease expired, or it missed the grace period): never violations.");
    out.println();
    out.printf(Locale.ROOT, "%-28s %10s %10s %10s%n", "", "legacy", "seed", "fixed");
    row(out, "runs", runs, List::size);
    row(out, "reboots during a return", runs, r -> r.stream().mapToLong(x -> x.rebootsDuringReturns().size()).sum());
    for (Violation.Kind kind : Violation.Kind.values()) {
      row(out, kind.label(), runs, r -> r.stream().filter(x -> x.kinds().contains(kind)).count());
    }
    for (Loss.Kind kind : Loss.Kind.values()) {
      row(out, "loss " + kind.label(), runs,
          r -> r.stream().filter(x -> x.losses().stream().anyMatch(l -> l.kind() == kind)).count());
    }
    out.println();
    List<ScenarioRun.Report> seedRuns = runs.get(ClientVariant.SEED);
    for (Violation.Kind kind : Violation.Kind.values()) {
      String closedBy = SEED_LEAVES.get(kind);
      long count = seedRuns.stream().filter(r -> r.kinds().contains(kind)).count();
      if (count > 0) {
        out.println("seed still shows " + kind.label() + " (" + count + " runs): "
            + (closedBy == null ? "see docs/search.md" : "closed in fixed by " + closedBy));
      }
    }
    ScenarioRun.Report shown = firstShowing(runs.get(ClientVariant.LEGACY));
    if (shown == null) {
      shown = firstShowing(seedRuns);
    }
    if (shown == null) {
      shown = firstShowing(runs.get(ClientVariant.FIXED));
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
    boolean fixedSafe = runs.get(ClientVariant.FIXED).stream().allMatch(r -> r.violations().isEmpty());
    boolean legacyFails = runs.get(ClientVariant.LEGACY).stream().anyMatch(r -> !r.clean());
    return fixedSafe && legacyFails ? 0 : 1;
  }

  /**
   * What d25be546a86f alone still shows, by kind, and the later changes that close it in the
   * fixed client: adding them to the seed makes the kind disappear from the search (docs/search.md
   * walks one run of each and gives the counts). The oracles never read this.
   */
  static final Map<Violation.Kind, String> SEED_LEAVES = Map.of(
      Violation.Kind.LOCK_SAFETY, "a4339b7b686b \"NFSv4: Fix lock recovery when CREATE_SESSION/SETCLIENTID_CONFIRM"
          + " fails\" (a second reboot during recovery no longer turns the reclaim into a NOGRACE one)",
      Violation.Kind.UNANSWERED_RECALL, "a4339b7b686b (a return waiting for recovery that a second reboot"
          + " turned into a NOGRACE pass stuck in grace)",
      Violation.Kind.LOST_LOCK, "\"Ensure delegation recall and byte range lock removal don't conflict\" (an"
          + " owner's unlock no longer runs during its claim, whose next LOCK met OLD_STATEID and was dropped)",
      Violation.Kind.ORPHANED_STATE, "\"Ensure delegation recall and byte range lock removal don't"
          + " conflict\", with 11476e9dec39 and 5eb8d18ca0e0",
      Violation.Kind.STATEID_MISUSE, "\"Ensure delegation recall and byte range lock removal don't"
          + " conflict\" (no LOCKU with an all-zero stateid) and 3.10's nfs4_lock_prepare sending"
          + " state->open_stateid, with 11476e9dec39 and 5eb8d18ca0e0");

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

  private static void row(PrintWriter out, String label, Map<ClientVariant, List<ScenarioRun.Report>> runs,
      ToLongFunction<List<ScenarioRun.Report>> count) {
    out.printf(Locale.ROOT, "%-28s %10d %10d %10d%n", label, count.applyAsLong(runs.get(ClientVariant.LEGACY)),
        count.applyAsLong(runs.get(ClientVariant.SEED)), count.applyAsLong(runs.get(ClientVariant.FIXED)));
  }
}
