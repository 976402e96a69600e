package org.nfs41sim.sim.runtime;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What ends a run besides running out of work: the virtual horizon, the step budget, and the
 * workload's own "done" (asked only when nothing is runnable and no one-shot timer is pending;
 * periodic timers never keep a run alive once it is done).
 */
public record RunLimits(long horizonNanos, long stepBudget, BooleanSupplier done) {

  public static RunLimits of(Duration horizon, long stepBudget, BooleanSupplier done) {
    return new RunLimits(horizon.toNanos(), stepBudget, done);
  }

  /** Until nothing is left but periodic timers: used to settle a system between runs. */
  public static RunLimits drain() {
    return new RunLimits(Long.MAX_VALUE, Long.MAX_VALUE, () -> true);
  }
}
