package org.nfs41sim.sim.world;

/**
 * What one run sets up: the hosts and actors, and when its finite workload is done. A scenario
 * object serves one run; it may collect what its actors report (through observers it hands
 * them) and be read after the run.
 */
public interface Scenario {
  /** Spawns the run's actors; called inside the world actor's setup, on the driver thread. */
  void build(World world);

  /**
   * Whether the finite workload is done. Asked only when nothing is runnable and no message is in
   * flight; a run whose workload is done ends even if periodic timers are pending.
   */
  default boolean done() {
    return true;
  }

  /**
   * Told of each instant at which nothing is runnable (every mailbox empty), before virtual time
   * moves on: where oracles look at the model at rest.
   */
  default void settled() {}
}
