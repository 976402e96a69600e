package org.nfs41sim.sim.runtime;

import java.util.List;

/**
 * What is still pending when a run ends: the probe the model's deadlock, stuck and livelock
 * reports start from. Actors in creation order, timers in firing order.
 */
public record Pending(List<QueuedMessages> queued, List<PendingTimer> timers) {

  /** Messages queued for an actor and not yet delivered. */
  public record QueuedMessages(String actor, List<Object> messages) {}

  /** A timer that has not fired: messages in flight on links are one-shot timers too. */
  public record PendingTimer(long dueNanos, String owner, boolean periodic) {}
}
