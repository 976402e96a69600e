package org.nfs41sim.sim.oracle;

/**
 * The delivery being handled now: facts carry no event id or time of their own, so checkers take
 * them from here (a fact is reported while its actor handles one delivery). Set by the harness.
 */
public final class EventClock {
  private long event;
  private long nanos;

  public void at(long event, long nanos) {
    this.event = event;
    this.nanos = nanos;
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
}
