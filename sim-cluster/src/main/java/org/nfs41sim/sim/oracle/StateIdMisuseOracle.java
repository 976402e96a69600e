package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * Stateid misuse: a LOCK, LOCKU, CLOSE or DELEGRETURN refused for its stateid where a correct
 * client would not have sent it. A correct client meets a stateid of an earlier boot of the
 * server, of its own client record the server expired, or of a delegation the server revoked, and
 * an older generation of a state whose newer one had not yet reached it (the reply carrying it was
 * still on the wire when the request left). Everything else is misuse: a stateid of a state that
 * has ended, one never issued or issued to another client, one of the wrong kind, a future
 * generation, and an older generation sent after a newer one had reached the client (docs/search.md).
 */
final class StateIdMisuseOracle {
  private static final Set<String> OPS = Set.of("LOCK", "LOCKU", "CLOSE", "DELEGRETURN", "DELEG_RETURN");

  /** A generation of a state that reached a client host, and when. */
  private record Seen(long event, int seqid) {}

  private final ServerView server;
  private final EventClock clock;
  private final Consumer<Violation> out;
  /** host|epoch|serial -> the generations that reached the host, in delivery order. */
  private final Map<String, List<Seen>> seen = new TreeMap<>();

  StateIdMisuseOracle(ServerView server, EventClock clock, Consumer<Violation> out) {
    this.server = server;
    this.clock = clock;
    this.out = out;
  }

  /** A reply was delivered to an actor on {@code host}: the stateids it carries reached the client. */
  void delivered(long event, String host, Object message) {
    if (message instanceof NfsReply.OpenReply o) {
      note(event, host, o.stateId());
      if (o.delegation() != null) {
        note(event, host, o.delegation().stateId());
      }
    } else if (message instanceof NfsReply.LockReply l) {
      note(event, host, l.stateId());
    } else if (message instanceof NfsReply.StateIdReply r) {
      note(event, host, r.stateId());
    }
  }

  private void note(long event, String host, StateId id) {
    if (id != null && id.epoch() != 0) {
      seen.computeIfAbsent(host + "|" + id.epoch() + "|" + id.serial(), k -> new ArrayList<>())
          .add(new Seen(event, id.seqid()));
    }
  }

  void refused(ServerFact.StateIdRefused r) {
    if (!OPS.contains(r.op())) {
      return;
    }
    List<Long> events = new ArrayList<>(List.of(clock.event()));
    switch (r.why()) {
      case EARLIER_EPOCH, CLIENT_EXPIRED, REVOKED -> {
        return;
      }
      case OLD_GENERATION -> {
        Seen newer = newerSeenBefore(server.ownerOf(r.clientId()), r.stateId(), clock.cause());
        if (newer == null) {
          return; // the newer generation was still on its way to the client
        }
        events.add(0, newer.event());
      }
      default -> { }
    }
    out.accept(new Violation(Violation.Kind.STATEID_MISUSE, r.op() + " of " + server.ownerOf(r.clientId())
        + " answered " + r.status().shortName() + " for stateid " + r.stateId() + ": " + explain(r), events,
        clock.nanos()));
  }

  /** The first generation newer than {@code id}'s that reached {@code host} before {@code sent}. */
  private Seen newerSeenBefore(String host, StateId id, long sent) {
    for (Seen s : seen.getOrDefault(host + "|" + id.epoch() + "|" + id.serial(), List.of())) {
      if (s.event() <= sent && s.seqid() > id.seqid()) {
        return s;
      }
    }
    return null;
  }

  private static String explain(ServerFact.StateIdRefused r) {
    return switch (r.why()) {
      case ENDED -> "its state had ended";
      case UNKNOWN -> "the server never issued it";
      case OTHER_CLIENT -> "it belongs to another client";
      case WRONG_KIND -> "it names a state of another kind";
      case FUTURE_GENERATION -> "a generation the server never issued (current " + r.currentSeqid() + ")";
      case OLD_GENERATION -> "generation " + r.stateId().seqid() + " sent after generation " + r.currentSeqid()
          + " or newer had reached the client";
      default -> r.why().name();
    };
  }
}
