package org.nfs41sim.sim.runtime;

import org.apache.pekko.actor.Cancellable;
import scala.concurrent.ExecutionContext;

/** A timer on the virtual clock: one-shot, or periodic with a fixed interval. */
final class Timer implements Cancellable {
  private final TimerQueue queue;
  final Runnable runnable;
  final ExecutionContext executor;
  /** 0 for a one-shot timer. */
  final long intervalNanos;
  /** The actor whose run set the timer, and the event it was handling: sender and cause of what it sends. */
  final ActorQueue owner;
  final long cause;

  long dueNanos;
  long seq;
  boolean cancelled;
  boolean fired;
  boolean inHeap;

  Timer(TimerQueue queue, long dueNanos, long intervalNanos, Runnable runnable,
      ExecutionContext executor, ActorQueue owner, long cause) {
    this.queue = queue;
    this.dueNanos = dueNanos;
    this.intervalNanos = intervalNanos;
    this.runnable = runnable;
    this.executor = executor;
    this.owner = owner;
    this.cause = cause;
  }

  boolean periodic() {
    return intervalNanos > 0;
  }

  @Override
  public boolean cancel() {
    if (!queue.onDriverThread()) {
      return false; // reported by the queue; the heap is the driver's alone
    }
    if (cancelled || (fired && !periodic())) {
      return false;
    }
    cancelled = true;
    queue.cancelled(this);
    return true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }
}
