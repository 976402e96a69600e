package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code nfs41sim.run}: how one run is driven.
 *
 * @param seed root seed of the run
 * @param strategy scheduling strategy, one of {@link #STRATEGIES}
 * @param pctDepth PCT bug depth d (>= 1): d-1 priority change points
 * @param pctExpectedSteps PCT's estimate k of the run length in steps (>= 1)
 * @param stepBudget the run ends after this many scheduling steps (>= 1)
 * @param horizon virtual time at which the run ends (> 0)
 */
public record RunSettings(
    long seed, String strategy, int pctDepth, long pctExpectedSteps, long stepBudget, Duration horizon) {

  /** The scheduling strategies, in the order the docs list them. */
  public static final List<String> STRATEGIES = List.of("fifo", "random", "pct");

  public RunSettings {
    Objects.requireNonNull(horizon, "horizon");
    if (!STRATEGIES.contains(strategy)) {
      throw new IllegalArgumentException("strategy must be one of " + STRATEGIES + ": " + strategy);
    }
    if (pctDepth < 1 || pctExpectedSteps < 1 || stepBudget < 1 || horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("pct.depth, pct.expected-steps, step-budget, horizon must be > 0");
    }
  }

  /** Reads and checks {@code nfs41sim.run} of a whole (resolved) config. */
  public static RunSettings from(Config config) {
    SettingsReader run = SettingsReader.at(config, "nfs41sim.run");
    SettingsReader pct = run.child("pct");
    return new RunSettings(
        run.longValue("seed"),
        run.oneOf("strategy", STRATEGIES),
        pct.intAtLeast("depth", 1),
        pct.longAtLeast("expected-steps", 1),
        run.longAtLeast("step-budget", 1),
        run.positiveDuration("horizon"));
  }

  /** The same settings with another root seed. */
  public RunSettings withSeed(long newSeed) {
    return new RunSettings(newSeed, strategy, pctDepth, pctExpectedSteps, stepBudget, horizon);
  }
}
