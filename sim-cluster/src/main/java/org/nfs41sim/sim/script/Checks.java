package org.nfs41sim.sim.script;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.SequenceFlags;

/** Compares a reply with what its step expects; the answer is null (as expected) or what differs. */
final class Checks {
  private Checks() {}

  /**
   * @param previousClientId the client's id before this step, for {@code new-client-id}
   * @param clientIdOf a client's current id, for {@code denied { client = ... }}
   */
  static String check(Expectation e, NfsReply reply, long previousClientId, ToLongFunction<String> clientIdOf) {
    NfsStat4 status = reply.status();
    if (!e.statuses().isEmpty() && !e.statuses().contains(status)) {
      return "expected " + statuses(e) + ", got " + status.shortName();
    }
    List<String> wrong = new ArrayList<>();
    if (status == NfsStat4.NFS4_OK) {
      okFields(e, reply, previousClientId, wrong);
    }
    if (status == NfsStat4.NFS4ERR_DENIED && e.denied() != null) {
      deniedFields(e.denied(), reply, clientIdOf, wrong);
    }
    return wrong.isEmpty() ? null : String.join("; ", wrong);
  }

  private static void okFields(Expectation e, NfsReply reply, long previousClientId, List<String> wrong) {
    if (reply instanceof NfsReply.OpenReply r) {
      NfsReply.Delegation d = r.delegation() == null ? NfsReply.Delegation.NONE : r.delegation();
      if (e.delegation() != null && d.type() != e.delegation()) {
        wrong.add("expected delegation " + e.delegation() + ", got " + d.type());
      }
      if (e.recall() != null && (d.type() == OpenDelegationType.NONE ? e.recall() : d.recall() != e.recall())) {
        wrong.add("expected recall = " + e.recall() + ", got "
            + (d.type() == OpenDelegationType.NONE ? "no delegation" : String.valueOf(d.recall())));
      }
    }
    if (reply instanceof NfsReply.SequenceReply r && e.reclaimNeeded() != null
        && r.has(SequenceFlags.RESTART_RECLAIM_NEEDED) != e.reclaimNeeded()) {
      wrong.add("expected reclaim-needed = " + e.reclaimNeeded() + ", got "
          + r.has(SequenceFlags.RESTART_RECLAIM_NEEDED));
    }
    if (reply instanceof NfsReply.SequenceReply r && e.flags() != null && r.statusFlags() != e.flags()) {
      wrong.add("expected flags = " + SequenceFlags.names(e.flags()) + ", got " + SequenceFlags.names(r.statusFlags()));
    }
    if (reply instanceof NfsReply.ExchangeIdReply r && e.newClientId() != null
        && (r.clientId() != previousClientId) != e.newClientId()) {
      wrong.add(e.newClientId() ? "expected a new client id, got the same " + Describe.id(r.clientId())
          : "expected the same client id " + Describe.id(previousClientId) + ", got " + Describe.id(r.clientId()));
    }
  }

  private static void deniedFields(Expectation.Denied want, NfsReply reply, ToLongFunction<String> clientIdOf,
      List<String> wrong) {
    NfsReply.LockDenied got = reply instanceof NfsReply.LockReply r ? r.denied()
        : reply instanceof NfsReply.LocktReply r ? r.denied() : null;
    if (got == null) {
      wrong.add("expected LOCK4denied, got none");
      return;
    }
    if (want.owner() != null && !want.owner().equals(got.owner())) {
      wrong.add("expected denied owner " + want.owner() + ", got " + got.owner());
    }
    if (want.offset() != null && want.offset() != got.offset()) {
      wrong.add("expected denied offset " + Long.toUnsignedString(want.offset()) + ", got "
          + Long.toUnsignedString(got.offset()));
    }
    if (want.length() != null && want.length() != got.length()) {
      wrong.add("expected denied length " + Describe.range(0, want.length()).substring(2) + ", got "
          + Describe.range(0, got.length()).substring(2));
    }
    if (want.type() != null && want.type() != got.type()) {
      wrong.add("expected denied type " + want.type() + ", got " + got.type());
    }
    if (want.client() != null && clientIdOf.applyAsLong(want.client()) != got.clientId()) {
      wrong.add("expected the conflicting lock to be " + want.client() + "'s, got client " + Describe.id(got.clientId()));
    }
  }

  static String statuses(Expectation e) {
    List<String> names = e.statuses().stream().map(NfsStat4::shortName).sorted().toList();
    return names.size() == 1 ? names.get(0) : "one of " + names;
  }
}
