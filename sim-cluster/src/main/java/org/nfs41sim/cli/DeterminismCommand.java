package org.nfs41sim.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nfs41sim.sim.showcase.ShowcaseRuns;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.nfs41sim.sim.config.Nfs41Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nfs41sim determinism}: check that a run is a function of its seed. */
@Command(
    name = "determinism",
    header = "Check that the same seed always gives the same run.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Checks that a run depends only on its seed: runs the churn showcase protocol "
          + "(nfs41sim.showcase.churn.*) twice for each of N seeds and compares the two runs.",
      "Exits 1 if any seed gives two different runs."
    })
public final class DeterminismCommand implements Callable<Integer> {
  /** Where the runs of one seed happen (lower-case so the flag values read naturally). */
  public enum Mode {
    /** A new actor system for every run. */
    fresh,
    /** One actor system reused for all runs. */
    reused,
    /** Both of the above. */
    both
  }

  @Mixin ConfigOptions config;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      defaultValue = "200",
      converter = PositiveInt.class,
      description = "How many seeds to check (> 0; default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--first-seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "First seed; the seeds are S .. S+N-1 (default: ${DEFAULT-VALUE}).")
  long firstSeed;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "both",
      description = "fresh: a new actor system per run; reused: one actor system for all runs; "
          + "both: each (default: ${DEFAULT-VALUE}).")
  Mode mode;

  @Option(
      names = "--print-digests",
      description = "Print 'seed S digest HEX' for every seed (to compare across JVMs or machines).")
  boolean printDigests;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return determinism(config.load(), spec.commandLine().getOut());
  }

  int determinism(Nfs41Config config, PrintWriter out) {
    PrintWriter err = spec.commandLine().getErr();
    List<Map<Long, String>> passes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (mode != Mode.reused) {
      for (int pass = 1; pass <= 2; pass++) {
        err.println("determinism: " + seeds + " seeds in fresh systems, pass " + pass + " ...");
        err.flush();
        passes.add(ShowcaseRuns.churnDigests(config, firstSeed, seeds, true));
        names.add("fresh #" + pass);
      }
    }
    if (mode != Mode.fresh) {
      for (int pass = 1; pass <= 2; pass++) {
        err.println("determinism: " + seeds + " seeds in one reused system, pass " + pass + " ...");
        err.flush();
        passes.add(ShowcaseRuns.churnDigests(config, firstSeed, seeds, false));
        names.add("reused #" + pass);
      }
    }
    Map<Long, String> reference = passes.get(0);
    if (printDigests) {
      reference.forEach((seed, digest) -> out.println("seed " + seed + " digest " + digest));
    }
    int mismatches = 0;
    for (long seed : reference.keySet()) {
      for (int p = 1; p < passes.size(); p++) {
        if (!passes.get(p).get(seed).equals(reference.get(seed))) {
          mismatches++;
          out.println("seed " + seed + ": " + names.get(p) + " gave " + passes.get(p).get(seed)
              + ", " + names.get(0) + " gave " + reference.get(seed));
        }
      }
    }
    long failed = reference.values().stream().filter(d -> d.startsWith("failed")).count();
    out.printf(Locale.ROOT, "determinism: %d seeds (%d..%d), runs compared: %s; %s; %d distinct digests%n",
        seeds, firstSeed, firstSeed + seeds - 1, String.join(", ", names),
        mismatches == 0 ? "all digests equal" : mismatches + " MISMATCHES",
        new HashSet<>(reference.values()).size());
    return mismatches == 0 && failed == 0 ? 0 : 1;
  }
}
