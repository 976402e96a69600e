package org.nfs41sim.sim.net;

import org.nfs41sim.sim.config.DelaySettings;
import org.nfs41sim.sim.random.RandomSource;

/** One-way delays drawn from a link's distribution. */
final class Delays {
  private Delays() {}

  static long draw(DelaySettings delay, RandomSource random) {
    long min = delay.min().toNanos();
    long max = delay.max().toNanos();
    return switch (delay.distribution()) {
      case "constant" -> min;
      case "uniform" -> max > min ? random.nextLong(min, max + 1) : min;
      case "exponential" -> Math.max(min, Math.min(max, random.exponential(delay.mean()).toNanos()));
      default -> throw new IllegalArgumentException("unknown delay distribution " + delay.distribution());
    };
  }
}
