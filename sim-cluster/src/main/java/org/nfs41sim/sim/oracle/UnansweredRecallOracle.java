package org.nfs41sim.sim.oracle;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * Unanswered recall: a CB_RECALL reached a client, and the client did not return the delegation
 * (DELEGRETURN) before the server revoked it for lack of an answer within the recall time-out,
 * although nothing cut the client off from the server meanwhile. Excluded: recalls a fault
 * dropped or held back, recalls to a client a fault cut off from the server while the recall
 * ran, and revocations that came before the time-out (a server policy that revokes on an error
 * answer). Cited: the CB_RECALL's arrival and the revocation.
 */
final class UnansweredRecallOracle {
  /** A recall in progress: when the server sent it, when it reached the client (-1: not yet). */
  private static final class Recall {
    final long clientId;
    final String file;
    final StateId stateId;
    final long sentNanos;
    long reached = -1;
    boolean excused;

    Recall(long clientId, String file, StateId stateId, long sentNanos) {
      this.clientId = clientId;
      this.file = file;
      this.stateId = stateId;
      this.sentNanos = sentNanos;
    }
  }

  private final ServerView server;
  private final EventClock clock;
  private final Consumer<Violation> out;
  private final long recallTimeoutNanos;
  private final Map<String, Recall> recalls = new TreeMap<>(); // epoch|serial
  private final Set<String> cutOff = new TreeSet<>();

  UnansweredRecallOracle(ServerView server, EventClock clock, Consumer<Violation> out, long recallTimeoutNanos) {
    this.server = server;
    this.clock = clock;
    this.out = out;
    this.recallTimeoutNanos = recallTimeoutNanos;
  }

  void report(ServerFact fact) {
    if (fact instanceof ServerFact.DelegationRecalled r) {
      Recall recall = new Recall(r.clientId(), r.file(), r.stateId(), clock.nanos());
      recall.excused = cutOff.contains(server.ownerOf(r.clientId()));
      recalls.putIfAbsent(key(r.stateId()), recall);
    } else if (fact instanceof ServerFact.DelegationEnded e) {
      Recall r = recalls.remove(key(e.stateId()));
      if (r != null && e.why() == ServerFact.Release.REVOKED && r.reached >= 0 && !r.excused
          && clock.nanos() - r.sentNanos >= recallTimeoutNanos) {
        out.accept(new Violation(Violation.Kind.UNANSWERED_RECALL, r.file + ": " + server.ownerOf(r.clientId)
            + " got the CB_RECALL of delegation " + r.stateId + " and did not return it before the server revoked it",
            List.of(r.reached, clock.event()), clock.nanos()));
      }
    } else if (fact instanceof ServerFact.Rebooted) {
      recalls.clear();
    } else if (fact instanceof ServerFact.ClientExpired x) {
      recalls.values().removeIf(r -> r.clientId == x.clientId());
    }
  }

  /** A CB_RECALL was delivered to an actor on {@code host}. */
  void delivered(long event, String host, CbRecall recall) {
    Recall r = recalls.get(key(recall.stateId()));
    if (r != null && r.reached < 0 && host.equals(server.ownerOf(r.clientId))) {
      r.reached = event;
    }
  }

  /** A fault dropped or held back this CB_RECALL: whatever follows is not the client's doing. */
  void callbackFaulted(StateId recalled) {
    Recall r = recalls.get(key(recalled));
    if (r != null) {
      r.excused = true;
    }
  }

  /** A fault cut {@code client} off from the server ({@code cut}), or the cut healed. */
  void cutOff(String client, boolean cut) {
    if (cut) {
      cutOff.add(client);
      for (Recall r : recalls.values()) {
        if (client.equals(server.ownerOf(r.clientId))) {
          r.excused = true;
        }
      }
    } else {
      cutOff.remove(client);
    }
  }

  private static String key(StateId id) {
    return id.epoch() + "|" + id.serial();
  }
}
