package org.nfs41sim.sim.world;

import java.time.Duration;
import org.nfs41sim.sim.config.NetworkSettings;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.config.RunSettings;

/**
 * Everything a deterministic run is a function of, besides the scenario: the seed, the strategy,
 * the limits and the network. With {@code replay} set, the scheduler follows those choices
 * instead of drawing.
 */
public record RunSpec(
    long seed,
    String strategy,
    int pctDepth,
    long pctExpectedSteps,
    long stepBudget,
    Duration horizon,
    NetworkSettings network,
    boolean recordSchedule,
    long[] replay) {

  public static RunSpec from(Nfs41Config config) {
    RunSettings run = config.run();
    return new RunSpec(run.seed(), run.strategy(), run.pctDepth(), run.pctExpectedSteps(),
        run.stepBudget(), run.horizon(), config.network(), false, null);
  }

  public RunSpec withSeed(long seed) {
    return new RunSpec(seed, strategy, pctDepth, pctExpectedSteps, stepBudget, horizon, network,
        recordSchedule, replay);
  }

  public RunSpec withStrategy(String strategy) {
    return new RunSpec(seed, strategy, pctDepth, pctExpectedSteps, stepBudget, horizon, network,
        recordSchedule, replay);
  }

  public RunSpec withHorizon(Duration horizon) {
    return new RunSpec(seed, strategy, pctDepth, pctExpectedSteps, stepBudget, horizon, network,
        recordSchedule, replay);
  }

  public RunSpec recording() {
    return new RunSpec(seed, strategy, pctDepth, pctExpectedSteps, stepBudget, horizon, network,
        true, replay);
  }

  public RunSpec replaying(long[] choices) {
    return new RunSpec(seed, strategy, pctDepth, pctExpectedSteps, stepBudget, horizon, network,
        recordSchedule, choices);
  }
}
