package org.nfs41sim.sim.runtime;

/**
 * A unit of work the driver can pick: one mailbox run of an actor, or any other runnable handed to
 * the controlled executor. An actor's mailbox reuses one Task for its whole life (Pekko schedules
 * a mailbox at most once at a time), so its identity is the actor's identity for PCT.
 */
final class Task {
  /** The mailbox (learnt at its first submission) or the submitted runnable. */
  Runnable runnable;
  /** The actor whose mailbox this runs; for other tasks, the actor whose run submitted it. */
  final ActorQueue owner;
  /** Whether this is the owner's mailbox run (else a callback submitted by the owner). */
  final boolean mailbox;

  /** Submission number in the current run; a saved schedule names tasks by it. */
  long seq;
  /** PCT priority, and the strategy (so the run) that drew it. */
  long priority;
  Object priorityOwner;
  /** Slot in the random strategy's array. */
  int slot;

  Task(Runnable runnable, ActorQueue owner, boolean mailbox) {
    this.runnable = runnable;
    this.owner = owner;
    this.mailbox = mailbox;
  }
}
