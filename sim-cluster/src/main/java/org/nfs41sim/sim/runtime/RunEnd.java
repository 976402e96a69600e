package org.nfs41sim.sim.runtime;

/** Why a run ended (DESIGN.md, "End of a run"). */
public enum RunEnd {
  /** Nothing runnable, no message in flight, no one-shot timer, and the workload said it is done. */
  COMPLETED,
  /** Nothing runnable and no timer at all, though the workload is not done: nothing can happen. */
  IDLE,
  /** The next timer lies beyond the horizon fixed before the run. */
  HORIZON,
  /** The step budget is spent. */
  STEP_BUDGET
}
