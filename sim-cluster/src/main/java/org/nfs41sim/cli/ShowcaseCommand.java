package org.nfs41sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nfs41sim.sim.runtime.Strategies;
import org.nfs41sim.sim.showcase.ShowcaseRuns;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.ScheduleFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nfs41sim.sim.config.Nfs41Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nfs41sim showcase}: the runtime's own demonstration, a planted ordering bug hunted over many seeds. */
@Command(
    name = "showcase",
    header = "Hunt the planted bug over many seeds and save a failing schedule.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs the planted-bug showcase protocol (nfs41sim.showcase.planted.*) under N seeds, "
          + "starting at nfs41sim.run.seed, with the strategy of nfs41sim.run.strategy.",
      "Reports which seeds expose the bug and saves the schedule of the first failing run, "
          + "so that 'nfs41sim replay --schedule FILE' can show it step by step."
    })
public final class ShowcaseCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      defaultValue = "100",
      converter = PositiveInt.class,
      description = "How many seeds to run (> 0; default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--save-schedule",
      paramLabel = "FILE",
      defaultValue = "nfs41sim-showcase.schedule",
      description = "Where to save the schedule of the first failing run (default: ${DEFAULT-VALUE}).")
  Path saveSchedule;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    return showcase(config.load(), spec.commandLine().getOut());
  }

  int showcase(Nfs41Config config, PrintWriter out) throws IOException {
    RunCommand.checkOutput(saveSchedule, "--save-schedule");
    PrintWriter err = spec.commandLine().getErr();
    long first = config.run().seed();
    out.println("nfs41sim showcase: the deterministic runtime's own demonstration, without the NFS model.");
    out.println();
    out.println("A commit protocol with a planted ordering bug: PREPARE reaches each of "
        + config.showcase().plantedParticipants() + " participants through one relay,");
    out.println("COMMIT through two (log writer, replicator). A participant that sees COMMIT first has");
    out.println("lost its transaction. All actors share one host: only the schedule decides the order.");
    out.println();
    out.printf(Locale.ROOT, "Seeds %d..%d under each strategy:%n", first, first + seeds - 1);
    Map<String, ShowcaseRuns.Search> found = new LinkedHashMap<>();
    try (DeterministicSystem system = DeterministicSystem.create("showcase")) {
      for (String strategy : Strategies.NAMES) {
        err.println("showcase: running " + seeds + " seeds with " + strategy + " ...");
        err.flush();
        ShowcaseRuns.Search search = ShowcaseRuns.search(system, config, strategy, seeds);
        found.put(strategy, search);
        out.printf(Locale.ROOT, "  %-6s found the bug in %3d of %d seeds%s%n", strategy,
            search.failingSeeds().size(), seeds,
            search.failingSeeds().isEmpty() ? "" : " (first: seed " + search.firstFailingSeed() + ")");
      }
      ShowcaseRuns.Search random = found.get("random");
      if (random.failingSeeds().isEmpty()) {
        out.println("random found no failing seed: nothing to save or replay. Try more --seeds.");
        return 1;
      }
      long seed = random.firstFailingSeed();
      ShowcaseRuns.PlantedRun recorded = ShowcaseRuns.record(system, config, "random", seed, saveSchedule);
      out.println();
      out.printf(Locale.ROOT, "First failure (random, seed %d, %d steps): %s%n", seed,
          recorded.result().steps(), recorded.violations().get(0));
      out.println("Schedule saved to " + saveSchedule + ".");

      ScheduleFile.Saved saved = ScheduleFile.read(saveSchedule);
      ShowcaseRuns.PlantedRun replayed = ShowcaseRuns.replay(system, config, saved);
      boolean same = replayed.result().digest().equals(saved.digest())
          && replayed.violations().equals(recorded.violations());
      out.printf(Locale.ROOT, "Replayed from the file: %s (digest %s).%n",
          same ? "the same run, the same violation" : "DIFFERENT: " + replayed.result().failure(),
          saved.digest().substring(0, 16));
      out.println("Replay it yourself: ./nfs41sim replay --schedule " + saveSchedule
          + ReplayCommand.flags(this.config));
      boolean fifoMissed = found.get("fifo").failingSeeds().isEmpty();
      boolean pctFound = !found.get("pct").failingSeeds().isEmpty();
      return same && fifoMissed && pctFound ? 0 : 1;
    }
  }
}
