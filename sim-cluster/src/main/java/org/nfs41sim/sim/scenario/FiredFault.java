package org.nfs41sim.sim.scenario;

/** A fault that happened in a run: its kind, what it did, and how many delegation returns it interrupted. */
public record FiredFault(FaultKind kind, String description, int returnsInterrupted) {
  @Override
  public String toString() {
    return kind.label() + ": " + description + (returnsInterrupted > 0
        ? ", interrupting " + returnsInterrupted + " return(s)" : "");
  }
}
