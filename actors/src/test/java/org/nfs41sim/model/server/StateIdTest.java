package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BAD_STATEID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4_OK;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.facts.ServerFact.Refusal;
import org.nfs41sim.model.server.ServerSettings.DelegationPolicy;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.SequenceFlags;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * How stateids are refused (nfsd 3.10 nfsd4_lookup_stateid, check_stateid_generation), and what
 * the holder of a revoked delegation sees (nfsd 3.10 revoke_delegation, cl_revoked).
 */
class StateIdTest {
  private final ServerHarness server = ServerHarness.with(ServerHarness.settings().policy(DelegationPolicy.NEVER));
  private final ServerHarness.Client c1 = server.client("c1");
  private final ServerHarness.Client c2 = server.client("c2");

  private ServerFact.StateIdRefused lastRefusal(ServerHarness s) {
    List<ServerFact.StateIdRefused> refusals = s.facts(ServerFact.StateIdRefused.class);
    return refusals.get(refusals.size() - 1);
  }

  /** The stateid a case presents to CLOSE, made in {@code server}. */
  private StateId stateIdFor(String refusal) {
    StateId open = c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    return switch (refusal) {
      case "EARLIER_EPOCH" -> {
        server.state.reboot();
        c1.connect();
        c1.reclaimComplete();
        yield open;
      }
      case "CLIENT_EXPIRED" -> {
        server.passLease(c2);
        yield open;
      }
      case "ENDED" -> {
        c1.close(open);
        yield open;
      }
      case "UNKNOWN" -> new StateId(1, server.state.epoch(), 999);
      case "OTHER_CLIENT" -> c2.open("f2", ShareAccess.READ, ShareDeny.NONE).stateId();
      case "WRONG_KIND" -> c1.lock(open, LockType.WRITE_LT, 0, 1, false).stateId();
      case "OLD_GENERATION" -> {
        c1.open("f1", ShareAccess.READ, ShareDeny.NONE);
        yield open;
      }
      case "FUTURE_GENERATION" -> open.next();
      default -> throw new IllegalArgumentException(refusal);
    };
  }

  @ParameterizedTest(name = "{0}: CLOSE gets {1}")
  @CsvSource({
      "EARLIER_EPOCH,     NFS4ERR_STALE_STATEID, 0",  // nfsd: STALE_STATEID in 4.1 too
      "CLIENT_EXPIRED,    NFS4ERR_EXPIRED,       0",
      "ENDED,             NFS4ERR_BAD_STATEID,   0",
      "UNKNOWN,           NFS4ERR_BAD_STATEID,   0",
      "OTHER_CLIENT,      NFS4ERR_BAD_STATEID,   1",
      "WRONG_KIND,        NFS4ERR_BAD_STATEID,   1",
      "OLD_GENERATION,    NFS4ERR_OLD_STATEID,   2",
      "FUTURE_GENERATION, NFS4ERR_BAD_STATEID,   1",
  })
  void aRefusedStateidGetsNfsdsStatusAndIsReportedWithItsReason(Refusal why, NfsStat4 expected, int current) {
    StateId presented = stateIdFor(why.name());
    ServerHarness.Client requester = why == Refusal.CLIENT_EXPIRED ? c2 : c1;

    NfsStat4 status = requester.close(presented).status();

    assertThat(status).isEqualTo(expected);
    assertThat(lastRefusal(server)).isEqualTo(new ServerFact.StateIdRefused(server.state.epoch(), requester.clientId,
        "CLOSE", presented, expected, why, current));
  }

  @Test
  void seqidZeroMeansTheCurrentGeneration() {
    StateId open = c1.open("f1", ShareAccess.READ, ShareDeny.NONE).stateId();
    c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE);

    NfsStat4 status = c1.close(new StateId(0, open.epoch(), open.serial())).status();

    assertThat(status).isEqualTo(NFS4_OK);
  }

  @Test
  void everyOperationThatTakesAStateidReportsItsRefusal() {
    StateId bogus = new StateId(1, server.state.epoch(), 999);

    c1.close(bogus);
    c1.lock(bogus, LockType.WRITE_LT, 0, 1, false);
    c1.relock(bogus, LockType.WRITE_LT, 0, 1);
    c1.locku(bogus, 0, 1);
    c1.delegReturn(bogus);
    c1.openUnderDelegation("o", "f1", ShareAccess.READ, bogus);

    assertThat(server.facts(ServerFact.StateIdRefused.class)).extracting(ServerFact.StateIdRefused::op)
        .containsExactly("CLOSE", "LOCK", "LOCK", "LOCKU", "DELEGRETURN", "OPEN");
  }

  @Test
  void aRevokedDelegationGetsBadStateidAndSequenceShowsRecallableStateRevoked() {
    ServerHarness s = new ServerHarness();
    ServerHarness.Client holder = s.client("holder");
    ServerHarness.Client other = s.client("other");
    StateId delegation = holder.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    other.open("f1", ShareAccess.WRITE, ShareDeny.NONE);

    s.state.revocationDue(delegation.serial());

    assertThat(s.revocationsArmed).containsExactly(delegation.serial());
    assertThat(s.facts(ServerFact.DelegationEnded.class)).singleElement()
        .satisfies(e -> assertThat(e.why()).isEqualTo(ServerFact.Release.REVOKED));
    assertThat(holder.sequence().statusFlags()).isEqualTo(SequenceFlags.RECALLABLE_STATE_REVOKED);
    assertThat(holder.delegReturn(delegation).status()).isEqualTo(NFS4ERR_BAD_STATEID);
    assertThat(lastRefusal(s).why()).isEqualTo(Refusal.REVOKED);
    assertThat(holder.openUnderDelegation("late", "f1", ShareAccess.READ, delegation).status())
        .isEqualTo(NFS4ERR_BAD_STATEID);
    assertThat(holder.sequence().has(SequenceFlags.RECALLABLE_STATE_REVOKED)).isTrue(); // no FREE_STATEID
    assertThat(other.open("f1", ShareAccess.WRITE, ShareDeny.NONE).status()).isEqualTo(NFS4_OK);
  }

  @Test
  void aDelegationReturnedInTimeIsNotRevoked() {
    ServerHarness s = new ServerHarness();
    ServerHarness.Client holder = s.client("holder");
    StateId delegation = holder.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    s.client("other").open("f1", ShareAccess.WRITE, ShareDeny.NONE);

    holder.delegReturn(delegation);
    s.state.revocationDue(delegation.serial());

    assertThat(s.revocationsDisarmed).containsExactly(delegation.serial());
    assertThat(s.facts(ServerFact.DelegationEnded.class)).extracting(ServerFact.DelegationEnded::why)
        .containsExactly(ServerFact.Release.RETURNED);
    assertThat(holder.sequence().statusFlags()).isZero();
  }

  @Test
  void theRevokedListEndsWithTheClientsLeaseAndWithAReboot() {
    ServerHarness s = new ServerHarness();
    ServerHarness.Client expiring = s.client("expiring");
    ServerHarness.Client rebooted = s.client("rebooted");
    StateId d1 = expiring.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    StateId d2 = rebooted.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();
    rebooted.setattr("f1");
    s.state.revocationDue(d1.serial());
    s.state.revocationDue(d2.serial());

    s.passLease(rebooted);
    int afterExpiry = expiring.connect().sequence().statusFlags();
    boolean beforeReboot = rebooted.sequence().has(SequenceFlags.RECALLABLE_STATE_REVOKED);
    s.state.reboot();
    int afterReboot = rebooted.connect().sequence().statusFlags();

    assertThat(afterExpiry).isZero();
    assertThat(beforeReboot).isTrue();
    assertThat(afterReboot).isZero();
  }
}
