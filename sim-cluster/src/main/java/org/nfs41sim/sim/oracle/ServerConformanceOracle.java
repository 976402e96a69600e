package org.nfs41sim.sim.oracle;

import java.util.List;
import java.util.function.Consumer;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.protocol.nfs.OpenDelegationType;

/**
 * Server conformance (RFC 8881 §10.4.4, §10.2): no OPEN or LOCK that conflicts with another
 * client's outstanding delegation is granted before DELEGRETURN or revocation. Any open and any
 * lock conflict with a WRITE delegation; an open for write conflicts with a READ delegation.
 */
final class ServerConformanceOracle {
  private final ServerView server;
  private final EventClock clock;
  private final Consumer<Violation> out;

  ServerConformanceOracle(ServerView server, EventClock clock, Consumer<Violation> out) {
    this.server = server;
    this.clock = clock;
    this.out = out;
  }

  void report(ServerFact fact) {
    if (fact instanceof ServerFact.OpenGranted o) {
      for (ServerView.Outstanding d : server.othersOn(o.file(), o.clientId())) {
        if (d.type() == OpenDelegationType.WRITE || o.access().writes()) {
          violation("OPEN " + o.claim() + " " + o.access() + " of " + o.owner(), o.clientId(), d);
        }
      }
    } else if (fact instanceof ServerFact.LockGranted l) {
      for (ServerView.Outstanding d : server.othersOn(l.file(), l.clientId())) {
        if (d.type() == OpenDelegationType.WRITE) {
          violation("LOCK " + l.type() + " of " + l.lockOwner(), l.clientId(), d);
        }
      }
    }
  }

  private void violation(String what, long clientId, ServerView.Outstanding d) {
    out.accept(new Violation(Violation.Kind.SERVER_CONFORMANCE, d.file() + ": " + what + " granted to "
        + server.ownerOf(clientId) + " while " + server.ownerOf(d.clientId()) + " holds " + d.type()
        + " delegation " + d.stateId(), List.of(d.event(), clock.event()), clock.nanos()));
  }
}
