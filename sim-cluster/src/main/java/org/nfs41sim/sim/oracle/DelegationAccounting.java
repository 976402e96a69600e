package org.nfs41sim.sim.oracle;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * Delegation accounting: every delegation stateid a client holds ends exactly once, by DELEGRETURN
 * (RETURNED), by a reclaim that replaces it (a new stateid for the same delegation), by
 * revocation (REVOKED) or by the reap after a reboot (REAPED). A delegation still DETACHED at the
 * end of the run was taken off the inode and never ended: it leaked (§1.6 a). A stateid that ends
 * twice is reported under the same kind.
 */
final class DelegationAccounting {
  private static final Set<String> ENDS = Set.of("RETURNED", "REVOKED", "REAPED");

  private record Copy(String client, String file, long delegation, StateId stateId, String state, long event,
      boolean ended) {}

  private final EventClock clock;
  private final Consumer<Violation> out;
  private final Map<String, Copy> copies = new TreeMap<>(); // client|delegation id -> latest

  DelegationAccounting(EventClock clock, Consumer<Violation> out) {
    this.clock = clock;
    this.out = out;
  }

  void changed(ClientFact.DelegationChanged d) {
    String key = d.client() + "|" + d.delegation();
    Copy before = copies.get(key);
    boolean ends = ENDS.contains(d.state());
    if (before != null && before.ended() && ends) {
      out.accept(new Violation(Violation.Kind.LEAKED_DELEGATION, d.file() + ": delegation " + d.stateId() + " of "
          + d.client() + " ended twice (" + before.state() + ", then " + d.state() + ")",
          List.of(before.event(), clock.event()), clock.nanos()));
    }
    copies.put(key, new Copy(d.client(), d.file(), d.delegation(), d.stateId(), d.state(), clock.event(),
        ends || (before != null && before.ended())));
  }

  /** At the end of a run: every delegation left DETACHED leaked. */
  void finish(long nanos) {
    for (Copy c : copies.values()) {
      if (c.state().equals("DETACHED")) {
        out.accept(new Violation(Violation.Kind.LEAKED_DELEGATION, c.file() + ": delegation " + c.stateId() + " of "
            + c.client() + " was detached at event " + c.event() + " and never returned, revoked or reaped",
            List.of(c.event()), nanos));
      }
    }
  }
}
