package org.nfs41sim.sim.showcase;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.RunSpec;
import org.nfs41sim.sim.world.ScheduleFile;

/** The runs behind {@code demo}, {@code replay} and {@code determinism}, without their printing. */
public final class ShowcaseRuns {
  /** The program name saved in a planted-bug schedule. */
  public static final String PLANTED = "planted";

  private ShowcaseRuns() {}

  /** What one strategy found over a range of seeds. */
  public record Search(String strategy, int seeds, List<Long> failingSeeds, String firstViolation) {
    public long firstFailingSeed() {
      return failingSeeds.isEmpty() ? -1 : failingSeeds.get(0);
    }
  }

  /** Runs the planted-bug protocol under {@code strategy} for {@code seeds} seeds from the config's. */
  public static Search search(DeterministicSystem system, Nfs41Config config, String strategy, int seeds) {
    RunSpec spec = RunSpec.from(config).withStrategy(strategy);
    List<Long> failing = new ArrayList<>();
    String first = null;
    for (long seed = config.run().seed(); seed < config.run().seed() + seeds; seed++) {
      PlantedBug bug = new PlantedBug(config.showcase().plantedParticipants());
      system.run(spec.withSeed(seed), bug, null);
      if (!bug.violations().isEmpty()) {
        failing.add(seed);
        if (first == null) {
          first = bug.violations().get(0);
        }
      }
    }
    return new Search(strategy, seeds, failing, first);
  }

  /** A recorded or replayed planted-bug run. */
  public record PlantedRun(RunResult result, List<String> violations) {}

  /** Runs one seed of the planted-bug protocol, recording its schedule, and saves it to {@code file}. */
  public static PlantedRun record(DeterministicSystem system, Nfs41Config config, String strategy, long seed,
      Path file) throws IOException {
    PlantedBug bug = new PlantedBug(config.showcase().plantedParticipants());
    RunResult result = system.run(RunSpec.from(config).withStrategy(strategy).withSeed(seed).recording(), bug, null);
    ScheduleFile.write(file, new ScheduleFile.Saved(PLANTED, seed, strategy, config.withSeed(seed).fingerprint(),
        result.digest(), result.choices()));
    return new PlantedRun(result, bug.violations());
  }

  /** Replays a saved planted-bug schedule under {@code config} (whose fingerprint the caller checked). */
  public static PlantedRun replay(DeterministicSystem system, Nfs41Config config, ScheduleFile.Saved saved) {
    PlantedBug bug = new PlantedBug(config.showcase().plantedParticipants());
    RunSpec spec = RunSpec.from(config).withStrategy(saved.strategy()).withSeed(saved.seed())
        .replaying(saved.choices());
    return new PlantedRun(system.run(spec, bug, null), bug.violations());
  }

  /** The digest of one churn run per seed, in a fresh system per run or in one reused system. */
  public static Map<Long, String> churnDigests(Nfs41Config config, long firstSeed, int seeds, boolean fresh) {
    Map<Long, String> digests = new LinkedHashMap<>();
    DeterministicSystem reused = fresh ? null : DeterministicSystem.create("determinism");
    try {
      for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
        DeterministicSystem system = fresh ? DeterministicSystem.create("determinism") : reused;
        try {
          Churn churn = new Churn(config.showcase().churnWorkers(), config.showcase().churnRounds());
          RunResult result = system.run(RunSpec.from(config).withSeed(seed), churn, null);
          digests.put(seed, result.failed() ? "failed: " + result.failure() : result.digest());
        } finally {
          if (fresh) {
            system.close();
          }
        }
      }
    } finally {
      if (reused != null) {
        reused.close();
      }
    }
    return digests;
  }
}
