package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BADSESSION;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BAD_STATEID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DELAY;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DELEG_REVOKED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_INVAL;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_LOCKS_HELD;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_OLD_STATEID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_SHARE_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_STALE_CLIENTID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4_OK;

import org.junit.jupiter.api.Test;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/** The server's rules for delegations, reboots, stateids and leases (RFC 8881). */
class ServerStateTest {
  private final ServerHarness server = new ServerHarness();

  @Test
  void aWriteOpenGetsAWriteDelegationAndAReadOpenAReadOne() {
    ServerHarness.Client c1 = server.client("c1");

    NfsReply.OpenReply write = c1.open("f1", ShareAccess.WRITE, ShareDeny.NONE);
    NfsReply.OpenReply read = server.client("c2").open("f2", ShareAccess.READ, ShareDeny.NONE);

    assertThat(write.delegation().type()).isEqualTo(OpenDelegationType.WRITE);
    assertThat(read.delegation().type()).isEqualTo(OpenDelegationType.READ);
  }

  @Test
  void aConflictingOpenIsDelayedUntilTheDelegationIsReturned() {
    ServerHarness.Client holder = server.client("holder");
    ServerHarness.Client other = server.client("other");
    StateId delegation = holder.open("f1", ShareAccess.WRITE, ShareDeny.NONE).delegation().stateId();

    NfsStat4 first = other.open("f1", ShareAccess.READ, ShareDeny.NONE).status();
    NfsStat4 second = other.open("f1", ShareAccess.READ, ShareDeny.NONE).status();
    NfsStat4 returned = holder.delegReturn(delegation).status();
    NfsReply.OpenReply after = other.open("f1", ShareAccess.READ, ShareDeny.NONE);

    assertThat(first).isEqualTo(NFS4ERR_DELAY);
    assertThat(second).isEqualTo(NFS4ERR_DELAY);
    assertThat(server.recalls).singleElement().satisfies(r -> assertThat(r.stateId()).isEqualTo(delegation));
    assertThat(returned).isEqualTo(NFS4_OK);
    assertThat(after.status()).isEqualTo(NFS4_OK);
    assertThat(server.disarmed).containsExactly(delegation.serial());
  }

  @Test
  void theHoldersOwnOpensDoNotRecall() {
    ServerHarness.Client holder = server.client("holder");
    holder.open("f1", ShareAccess.WRITE, ShareDeny.NONE);

    NfsStat4 again = holder.open("f1", ShareAccess.READ, ShareDeny.NONE).status();

    assertThat(again).isEqualTo(NFS4_OK);
    assertThat(server.recalls).isEmpty();
  }

  @Test
  void aTimedOutRecallRevokesAndTheStateidThenSaysRevoked() {
    ServerHarness.Client holder = server.client("holder");
    StateId delegation = holder.open("f1", ShareAccess.WRITE, ShareDeny.NONE).delegation().stateId();
    server.client("other").open("f1", ShareAccess.READ, ShareDeny.NONE);

    server.state.recallTimedOut(delegation.serial());

    assertThat(holder.delegReturn(delegation).status()).isEqualTo(NFS4ERR_DELEG_REVOKED);
    assertThat(server.facts).anySatisfy(f -> assertThat(f).isInstanceOf(ServerFact.DelegationEnded.class)
        .extracting("why").isEqualTo(ServerFact.Release.REVOKED));
  }

  @Test
  void aRecallAnsweredWithAnErrorCompletesTheRecallByRevocation() {
    ServerHarness.Client holder = server.client("holder");
    StateId delegation = holder.open("f1", ShareAccess.WRITE, ShareDeny.NONE).delegation().stateId();
    ServerHarness.Client other = server.client("other");
    other.open("f1", ShareAccess.READ, ShareDeny.NONE);

    server.state.recallAnswered(delegation, NfsStat4.NFS4ERR_DELAY); // §20.2.4: not complete
    NfsStat4 stillWaiting = other.open("f1", ShareAccess.READ, ShareDeny.NONE).status();
    server.state.recallAnswered(delegation, NfsStat4.NFS4ERR_BADHANDLE); // complete: revoked

    assertThat(stillWaiting).isEqualTo(NFS4ERR_DELAY);
    assertThat(other.open("f1", ShareAccess.READ, ShareDeny.NONE).status()).isEqualTo(NFS4_OK);
    assertThat(holder.delegReturn(delegation).status()).isEqualTo(NFS4ERR_DELEG_REVOKED);
  }

  @Test
  void afterARebootTheOldSessionIsBadAndTheOldClientIdStale() {
    ServerHarness.Client c1 = server.client("c1");
    long oldClientId = c1.clientId;

    server.state.reboot();

    assertThat(c1.sequence().status()).isEqualTo(NFS4ERR_BADSESSION);
    assertThat(c1.send(new NfsRequest.CreateSession(oldClientId, 0)).status()).isEqualTo(NFS4ERR_STALE_CLIENTID);
    assertThat(c1.connect().clientId).isNotEqualTo(oldClientId);
  }

  @Test
  void aStateidOfAnEarlierEpochIsBadEvenDuringGrace() {
    ServerHarness.Client c1 = server.client("c1");
    StateId oldOpen = c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    server.state.reboot();
    c1.connect();

    NfsReply.LockReply lock = c1.lock(oldOpen, LockType.WRITE_LT, 0, 1, false);

    assertThat(lock.status()).isEqualTo(NFS4ERR_BAD_STATEID); // checked before the grace rules
  }

  @Test
  void anOlderGenerationIsOldAndAnotherClientsStateidIsBad() {
    // Without delegations: a write open would recall the READ delegation the first open got.
    ServerHarness server = new ServerHarness(new ServerSettings(ServerHarness.SETTINGS.leaseTime(),
        ServerHarness.SETTINGS.gracePeriod(), ServerHarness.SETTINGS.recallTimeout(),
        ServerSettings.DelegationPolicy.NEVER, true, false, ServerHarness.SETTINGS.files()));
    ServerHarness.Client c1 = server.client("c1");
    StateId first = c1.open("f1", ShareAccess.READ, ShareDeny.NONE).stateId();
    StateId upgraded = c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    ServerHarness.Client c2 = server.client("c2");

    NfsStat4 old = c1.send(new NfsRequest.Close(c1.clientId, c1.sessionId, first)).status();
    NfsStat4 foreign = c2.send(new NfsRequest.Close(c2.clientId, c2.sessionId, upgraded)).status();

    assertThat(upgraded.seqid()).isEqualTo(first.seqid() + 1);
    assertThat(old).isEqualTo(NFS4ERR_OLD_STATEID);
    assertThat(foreign).isEqualTo(NFS4ERR_BAD_STATEID);
  }

  @Test
  void conflictingLocksAreDeniedWithTheHoldersOwnerAndRange() {
    ServerHarness lockServer = new ServerHarness(new ServerSettings(ServerHarness.SETTINGS.leaseTime(),
        ServerHarness.SETTINGS.gracePeriod(), ServerHarness.SETTINGS.recallTimeout(),
        ServerSettings.DelegationPolicy.NEVER, true, false, ServerHarness.SETTINGS.files()));
    ServerHarness.Client c1 = lockServer.client("c1");
    ServerHarness.Client c2 = lockServer.client("c2");
    StateId open1 = c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    StateId open2 = c2.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    c1.lock(open1, LockType.WRITE_LT, 100, 50, false);

    NfsReply.LockReply denied = c2.lock(open2, LockType.READ_LT, 120, 10, false);
    NfsReply.LockReply elsewhere = c2.lock(open2, LockType.WRITE_LT, 150, 10, false);

    assertThat(denied.status()).isEqualTo(NFS4ERR_DENIED);
    assertThat(denied.denied()).isEqualTo(new NfsReply.LockDenied(c1.clientId, "c1-lo", LockType.WRITE_LT, 100, 50));
    assertThat(elsewhere.status()).isEqualTo(NFS4_OK);
    assertThat(c2.lock(open2, LockType.WRITE_LT, 0, 0, false).status()).isEqualTo(NFS4ERR_INVAL);
  }

  @Test
  void closeWithLocksHeldIsRefused() {
    ServerHarness.Client c1 = server.client("c1");
    StateId open = c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    c1.lock(open, LockType.WRITE_LT, 0, 1, false);

    NfsStat4 status = c1.send(new NfsRequest.Close(c1.clientId, c1.sessionId, open)).status();

    assertThat(status).isEqualTo(NFS4ERR_LOCKS_HELD);
  }

  @Test
  void aDenyReservationRefusesOtherOpenOwnersOfAnyClient() {
    ServerHarness noDelegations = new ServerHarness(new ServerSettings(ServerHarness.SETTINGS.leaseTime(),
        ServerHarness.SETTINGS.gracePeriod(), ServerHarness.SETTINGS.recallTimeout(),
        ServerSettings.DelegationPolicy.NEVER, true, false, ServerHarness.SETTINGS.files()));
    ServerHarness.Client c1 = noDelegations.client("c1");
    c1.open("f1", ShareAccess.READ, ShareDeny.WRITE);
    ServerHarness.Client c1OtherOwner = noDelegations.new Client("c1");
    c1OtherOwner.clientId = c1.clientId;
    c1OtherOwner.sessionId = c1.sessionId;

    NfsStat4 otherClient = noDelegations.client("c2").open("f1", ShareAccess.WRITE, ShareDeny.NONE).status();
    NfsStat4 otherOwner = ((NfsReply.OpenReply) c1OtherOwner.send(new NfsRequest.Open(c1.clientId,
        c1.sessionId, "c1-other-owner", "f1", org.nfs41sim.protocol.nfs.OpenClaimType.CLAIM_NULL,
        ShareAccess.WRITE, ShareDeny.NONE, false, null, null))).status();
    NfsStat4 reader = noDelegations.client("c3").open("f1", ShareAccess.READ, ShareDeny.NONE).status();

    assertThat(otherClient).isEqualTo(NFS4ERR_SHARE_DENIED);
    assertThat(otherOwner).isEqualTo(NFS4ERR_SHARE_DENIED);
    assertThat(reader).isEqualTo(NFS4_OK);
  }

  @Test
  void aClientThatStopsRenewingExpiresAndItsLocksGoToOthers() {
    ServerHarness.Client quiet = server.client("quiet");
    StateId open = quiet.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    quiet.lock(open, LockType.WRITE_LT, 0, 10, false);
    ServerHarness.Client busy = server.client("busy");

    for (int tick = 0; tick < 10; tick++) { // one lease is ten laundromat sweeps
      busy.sequence();
      server.state.laundromat();
    }
    boolean aliveAfterOneLease = server.facts.stream().noneMatch(f -> f instanceof ServerFact.ClientExpired);
    busy.sequence();
    server.state.laundromat();

    assertThat(aliveAfterOneLease).isTrue();
    assertThat(quiet.sequence().status()).isEqualTo(NFS4ERR_BADSESSION);
    assertThat(server.facts).anySatisfy(f -> assertThat(f).isInstanceOf(ServerFact.LockReleased.class)
        .extracting("why").isEqualTo(ServerFact.Release.EXPIRED));
    StateId busyOpen = busy.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    assertThat(busy.lock(busyOpen, LockType.WRITE_LT, 0, 10, false).status()).isEqualTo(NFS4_OK);
  }

  @Test
  void aCourtesyClientKeepsItsStateUntilAnotherClientNeedsTheFile() {
    ServerHarness courteous = new ServerHarness(new ServerSettings(ServerHarness.SETTINGS.leaseTime(),
        ServerHarness.SETTINGS.gracePeriod(), ServerHarness.SETTINGS.recallTimeout(),
        ServerSettings.DelegationPolicy.NEVER, true, true, ServerHarness.SETTINGS.files()));
    ServerHarness.Client sleeper = courteous.client("sleeper");
    StateId open = sleeper.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    sleeper.lock(open, LockType.WRITE_LT, 0, 10, false);
    ServerHarness.Client other = courteous.client("other");
    for (int tick = 0; tick < 11; tick++) {
      other.sequence();
      courteous.state.laundromat();
    }

    NfsStat4 afterExpiry = sleeper.sequence().status();
    for (int tick = 0; tick < 11; tick++) {
      other.sequence();
      courteous.state.laundromat();
    }
    NfsStat4 lockt = other.lockt("f1", LockType.WRITE_LT, 0, 10).status();

    assertThat(afterExpiry).isEqualTo(NFS4_OK); // still a client: it came back and renewed
    assertThat(lockt).isEqualTo(NFS4_OK);      // it went quiet again; the conflict expired it
    assertThat(sleeper.sequence().status()).isEqualTo(NFS4ERR_BADSESSION);
  }

  @Test
  void aNewClientMustSendReclaimCompleteBeforeItsFirstOpen() {
    ServerHarness.Client fresh = server.new Client("fresh").connect();

    NfsStat4 before = fresh.open("f1", ShareAccess.READ, ShareDeny.NONE).status();
    fresh.reclaimComplete();
    NfsStat4 after = fresh.open("f1", ShareAccess.READ, ShareDeny.NONE).status();

    assertThat(before).isEqualTo(NfsStat4.NFS4ERR_GRACE); // §18.51.3
    assertThat(after).isEqualTo(NFS4_OK);
  }

  @Test
  void aRebootDuringGraceKeepsTheClientsThatHaveNotReclaimedYet() {
    ServerHarness.Client late = server.client("late");
    server.state.reboot();
    server.state.reboot(); // "late" never came back in the first grace

    NfsStat4 reclaim = late.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.NONE).status();

    assertThat(reclaim).isEqualTo(NFS4_OK);
  }

  @Test
  void aWriteOpenUnderAReadDelegationIsRefused() {
    ServerHarness.Client c1 = server.client("c1");
    StateId read = c1.open("f1", ShareAccess.READ, ShareDeny.NONE).delegation().stateId();

    NfsStat4 status = c1.send(new NfsRequest.Open(c1.clientId, c1.sessionId, "c1", "f1",
        org.nfs41sim.protocol.nfs.OpenClaimType.CLAIM_DELEG_CUR_FH, ShareAccess.WRITE, ShareDeny.NONE,
        false, null, read)).status();

    assertThat(status).isEqualTo(NfsStat4.NFS4ERR_OPENMODE);
  }

  @Test
  void graceEndsEarlyOnceEveryKnownClientHasReclaimedAndALeaseHasPassed() {
    ServerHarness.Client c1 = server.client("c1");
    ServerHarness.Client c2 = server.client("c2");
    server.state.reboot();
    c1.connect().reclaimComplete();
    c2.connect();

    boolean afterLeaseOneMissing = server.state.graceLeaseMarkPassed();
    c2.reclaimComplete();

    assertThat(afterLeaseOneMissing).isFalse();
    assertThat(server.state.inGrace()).isFalse();
    assertThat(server.facts).contains(new ServerFact.GraceEnded(2, true));
  }

  @Test
  void aDelegationReclaimIsAlwaysGrantedAndPreRecalledWhenOthersConflict() {
    ServerHarness.Client c1 = server.client("c1");
    ServerHarness.Client c2 = server.client("c2");
    server.state.reboot();
    c2.connect().reclaimOpen("f1", ShareAccess.WRITE, OpenDelegationType.NONE);

    NfsReply.OpenReply reclaim = c1.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.READ);

    assertThat(reclaim.status()).isEqualTo(NFS4_OK);
    assertThat(reclaim.delegation().type()).isEqualTo(OpenDelegationType.READ);
    assertThat(reclaim.delegation().recall()).isTrue();
    assertThat(server.armed).containsExactly(reclaim.delegation().stateId().serial());
  }

  @Test
  void aRequestMissingAFieldIsInvalidNotACrash() {
    ServerHarness.Client c1 = server.client("c1");

    NfsReply reply = c1.send(new NfsRequest.Open(c1.clientId, c1.sessionId, "c1", null,
        null, ShareAccess.READ, ShareDeny.NONE, false, null, null));

    assertThat(reply.status()).isEqualTo(NFS4ERR_INVAL);
  }
}
