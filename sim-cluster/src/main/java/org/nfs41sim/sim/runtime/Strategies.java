package org.nfs41sim.sim.runtime;

import java.util.List;
import org.nfs41sim.sim.random.RandomSource;

/** The scheduling strategies by name. */
public final class Strategies {
  /** The names a user may choose. */
  public static final List<String> NAMES = List.of("fifo", "random", "pct");

  private Strategies() {}

  /**
   * @param random the run's scheduler stream
   * @param pctDepth PCT's bug depth d: d-1 priority change points
   * @param pctExpectedSteps PCT's estimate k of the run's length, where change points fall
   */
  public static SchedulingStrategy create(String name, RandomSource random, int pctDepth,
      long pctExpectedSteps) {
    return switch (name) {
      case "fifo" -> new FifoStrategy();
      case "random" -> new RandomStrategy(random);
      case "pct" -> new PctStrategy(random, pctDepth, pctExpectedSteps);
      default -> throw new IllegalArgumentException("unknown strategy '" + name + "'; known: " + NAMES);
    };
  }

  /** Follows a saved schedule: the submission number of the task to run at each step. */
  public static SchedulingStrategy replay(long[] choices) {
    return new ReplayStrategy(choices);
  }
}
