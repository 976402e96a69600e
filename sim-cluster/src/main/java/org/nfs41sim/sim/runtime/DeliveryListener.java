package org.nfs41sim.sim.runtime;

/**
 * Told of every message delivered to an actor, in delivery order, on the driver thread. Calls are
 * not messages: listening cannot change a run.
 */
@FunctionalInterface
public interface DeliveryListener {
  /**
   * @param event the delivery's sequential id, from 1 in each run
   * @param timeNanos virtual time since the run's start
   * @param sender the path of the actor whose run sent it, or {@code harness}
   * @param receiver the path of the receiving actor
   * @param cause the id of the delivery during which it was sent, or 0
   * @param message the message itself
   */
  void delivered(long event, long timeNanos, String sender, String receiver, long cause, Object message);
}
