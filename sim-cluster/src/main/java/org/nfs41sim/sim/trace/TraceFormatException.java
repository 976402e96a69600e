package org.nfs41sim.sim.trace;

/** A file that is not a trace, or a trace damaged inside a record: what was read, where it broke. */
public final class TraceFormatException extends RuntimeException {
  public TraceFormatException(String message) {
    super(message);
  }
}
