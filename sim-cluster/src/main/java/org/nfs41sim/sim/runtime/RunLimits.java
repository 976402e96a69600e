package org.nfs41sim.sim.runtime;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What ends a run besides running out of work: the virtual horizon, the step budget, and the
 * workload's own "done" (asked only when nothing is runnable and no one-shot timer is pending;
 * periodic timers never keep a run alive once it is done). {@code settled} is told of every
 * instant at which nothing is runnable, before virtual time moves on: every mailbox is empty
 * there, so harness checks see the model between two steps, never in the middle of one.
 */
public record RunLimits(long horizonNanos, long stepBudget, BooleanSupplier done, Runnable settled) {

  public RunLimits(long horizonNanos, long stepBudget, BooleanSupplier done) {
    this(horizonNanos, stepBudget, done, () -> {});
  }

  public static RunLimits of(Duration horizon, long stepBudget, BooleanSupplier done) {
    return new RunLimits(horizon.toNanos(), stepBudget, done);
  }

  public static RunLimits of(Duration horizon, long stepBudget, BooleanSupplier done, Runnable settled) {
    return new RunLimits(horizon.toNanos(), stepBudget, done, settled);
  }

  /** Until nothing is left but periodic timers: used to settle a system between runs. */
  public static RunLimits drain() {
    return new RunLimits(Long.MAX_VALUE, Long.MAX_VALUE, () -> true);
  }
}
