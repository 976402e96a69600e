package org.nfs41sim.sim.script;

import java.time.Duration;
import java.util.List;
import org.nfs41sim.sim.config.LinkSettings;
import org.nfs41sim.sim.config.NetworkSettings;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.config.RunSettings;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.RunSpec;

/**
 * Runs scripts on the deterministic runtime, one after another in one actor system, with the seed
 * and scheduling strategy of {@code nfs41sim.run}. The network is the script's: constant 0 delay
 * unless it sets {@code network.delay}; never lossy, never reordering. Use it from one thread.
 */
public final class ScriptRunner implements AutoCloseable {
  /** Virtual time a run may take beyond what its steps can wait for. */
  private static final Duration MARGIN = Duration.ofHours(1);

  private final Nfs41Config config;
  private final boolean verbose;
  private final DeterministicSystem system;

  /** @param verbose also show every fact the server reports */
  public ScriptRunner(Nfs41Config config, boolean verbose) {
    this.config = config;
    this.verbose = verbose;
    this.system = DeterministicSystem.create("script");
  }

  public ScriptResult run(Script script) {
    ScriptScenario scenario = new ScriptScenario(script, verbose);
    RunResult run = system.run(spec(script), scenario, null);
    ScriptLog log = scenario.log();
    if (run.failed()) {
      log.abort(run.failure());
    } else if (!log.finished()) {
      log.abort("the run ended (" + run.end() + ") at " + Describe.time(run.virtualNanos())
          + " before the script finished");
    }
    return new ScriptResult(script.source(), script.cite(), script.description(), script.stepCount(), log.lines(),
        log.failure());
  }

  private RunSpec spec(Script script) {
    RunSettings run = config.run();
    NetworkSettings network =
        new NetworkSettings(new LinkSettings(script.delay(), 0.0, 0.0, false), List.of(), List.of());
    return new RunSpec(run.seed(), run.strategy(), run.pctDepth(), run.pctExpectedSteps(), run.stepBudget(),
        horizon(script), network, false, null);
  }

  /** Longer than every wait the steps can make, so that only a stuck run meets it. */
  private static Duration horizon(Script script) {
    Duration total = MARGIN;
    for (Step step : script.steps()) {
      if (step instanceof Step.Advance a) {
        total = total.plus(a.by());
      } else if (step instanceof Step.ExpectCallback e) {
        total = total.plus(e.within());
      } else if (step instanceof Step.ExpectNoCallback e) {
        total = total.plus(e.within());
      } else {
        total = total.plus(ScriptDriver.OPERATION_TIMEOUT);
      }
    }
    return total;
  }

  @Override
  public void close() {
    system.close();
  }
}
