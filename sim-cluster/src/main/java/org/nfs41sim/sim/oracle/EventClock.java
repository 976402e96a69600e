package org.nfs41sim.sim.oracle;

/**
 * The delivery being handled now: facts carry no event id or time of their own, so checkers take
 * them from here (a fact is reported while its actor handles one delivery). Set by the harness.
 * {@code cause} is the event during which the delivered message was sent.
 */
public final class EventClock {
  private long event;
  private long nanos;
  private long cause;

  public void at(long event, long nanos, long cause) {
    this.event = event;
    this.nanos = nanos;
    this.cause = cause;
  }

  /** Time moved on with no delivery (a settled instant). */
  public void time(long nanos) {
    this.nanos = nanos;
  }

  public long event() {
    return event;
  }

  public long nanos() {
    return nanos;
  }

  /** The event during which the message being delivered was sent. */
  public long cause() {
    return cause;
  }
}
