package org.nfs41sim.sim.oracle;

import java.util.List;
import java.util.Locale;

/**
 * A violation an oracle saw: what, in one line, and the ids of the events that prove it (in the
 * order the description names them), at virtual time {@code timeNanos}.
 */
public record Violation(Kind kind, String description, List<Long> events, long timeNanos) {

  /** The kinds, in the order reports list them. */
  public enum Kind {
    LOCK_SAFETY, LOST_LOCK, LEAKED_DELEGATION, SERVER_CONFORMANCE, ORPHANED_STATE, STATEID_MISUSE,
    UNANSWERED_RECALL, DEADLOCK, STUCK, LIVELOCK;

    /** The name reports and flags use, e.g. {@code lock-safety}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public Violation {
    events = List.copyOf(events);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s at %.6fs: %s (events %s)", kind.label(), timeNanos / 1e9, description,
        events.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("none"));
  }
}
