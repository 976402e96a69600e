package org.nfs41sim.sim.oracle;

import java.util.List;
import java.util.Locale;

/**
 * State an application lost in a way NFSv4 allows, reported apart from the violations and never
 * counted as one: its client's lease expired (RFC 8881 §8.3), or the client came back after the
 * grace period of a server restart and could not reclaim (§8.4.2.1). The applications may then
 * hold conflicting locks, as on a real system. Events cite the lock and what lost it.
 */
public record Loss(Kind kind, String description, List<Long> events, long timeNanos) {

  /** The kinds, in the order reports list them. */
  public enum Kind {
    /** A lock whose client's lease expired while the application held it. */
    EXPIRED_LOCK,
    /** A lock held across a server restart whose client had no session before the grace period ended. */
    UNRECLAIMED_LOCK;

    /** The name reports use, e.g. {@code expired-lock}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public Loss {
    events = List.copyOf(events);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s at %.6fs: %s (events %s)", kind.label(), timeNanos / 1e9, description,
        events.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("none"));
  }
}
