package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BADSESSION;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_INVAL;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_LOCKS_HELD;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_OPENMODE;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_SHARE_DENIED;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_STALE_CLIENTID;
import static org.nfs41sim.protocol.nfs.NfsStat4.NFS4_OK;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.server.ServerSettings.CloseWithLocks;
import org.nfs41sim.model.server.ServerSettings.DelegationPolicy;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/** The server's rules for sessions, reboots, leases, share reservations, locks and CLOSE. */
class ServerStateTest {
  private final ServerHarness server = new ServerHarness();
  private final ServerHarness noDelegations =
      ServerHarness.with(ServerHarness.settings().policy(DelegationPolicy.NEVER));

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
  void conflictingLocksAreDeniedWithTheHoldersOwnerAndRange() {
    ServerHarness.Client c1 = noDelegations.client("c1");
    ServerHarness.Client c2 = noDelegations.client("c2");
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

  @ParameterizedTest(name = "{1} lock through a {0} open -> {2}")
  @CsvSource({
      "READ,  WRITE_LT,  NFS4ERR_OPENMODE",
      "READ,  WRITEW_LT, NFS4ERR_OPENMODE",
      "READ,  READ_LT,   NFS4_OK",
      "WRITE, READ_LT,   NFS4ERR_OPENMODE",
      "WRITE, WRITE_LT,  NFS4_OK",
      "BOTH,  READ_LT,   NFS4_OK",
      "BOTH,  WRITE_LT,  NFS4_OK",
  })
  void aLockNeedsTheAccessOfItsOpen(ShareAccess access, LockType type, NfsStat4 expected) {
    ServerHarness.Client c1 = noDelegations.client("c1");
    StateId open = c1.open("f1", access, ShareDeny.NONE).stateId();

    NfsStat4 status = c1.lock(open, type, 0, 10, false).status();

    assertThat(status).isEqualTo(expected); // nfsd 3.6 nfs4_check_openmode
  }

  @Test
  void anExistingLockOwnerIsHeldToTheAccessOfItsOpenToo() {
    ServerHarness.Client c1 = noDelegations.client("c1");
    StateId open = c1.open("f1", ShareAccess.READ, ShareDeny.NONE).stateId();
    StateId lock = c1.lock(open, LockType.READ_LT, 0, 10, false).stateId();

    NfsStat4 status = c1.relock(lock, LockType.WRITE_LT, 20, 10).status();

    assertThat(status).isEqualTo(NFS4ERR_OPENMODE);
  }

  @Test
  void closeWithLocksHeldReleasesThemByDefault() {
    ServerHarness.Client c1 = noDelegations.client("c1");
    ServerHarness.Client c2 = noDelegations.client("c2");
    StateId open = c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    c1.lock(open, LockType.WRITE_LT, 0, 10, false);

    NfsStat4 close = c1.close(open).status();

    assertThat(close).isEqualTo(NFS4_OK);
    assertThat(noDelegations.facts(ServerFact.LockReleased.class)).singleElement()
        .satisfies(r -> assertThat(r.why()).isEqualTo(ServerFact.Release.CLOSED));
    assertThat(c2.lockt("f1", LockType.WRITE_LT, 0, 10).status()).isEqualTo(NFS4_OK);
  }

  @Test
  void closeWithLocksHeldIsRefusedWithThePolicy() {
    ServerHarness refusing = ServerHarness.with(ServerHarness.settings().policy(DelegationPolicy.NEVER)
        .closeWithLocks(CloseWithLocks.REFUSE));
    ServerHarness.Client c1 = refusing.client("c1");
    StateId open = c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    StateId lock = c1.lock(open, LockType.WRITE_LT, 0, 1, false).stateId();

    NfsStat4 held = c1.close(open).status();
    c1.locku(lock, 0, 1);
    NfsStat4 unlocked = c1.close(open).status();

    assertThat(held).isEqualTo(NFS4ERR_LOCKS_HELD);
    assertThat(unlocked).isEqualTo(NFS4_OK);
  }

  @Test
  void theLockStateidOutlivesItsLastLockUntilClose() {
    ServerHarness.Client c1 = noDelegations.client("c1");
    StateId open = c1.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    StateId lock = c1.lock(open, LockType.WRITE_LT, 0, 1, false).stateId();

    StateId unlocked = c1.locku(lock, 0, 1).stateId();
    NfsStat4 again = c1.relock(unlocked, LockType.WRITE_LT, 5, 1).status();

    assertThat(again).isEqualTo(NFS4_OK); // nfsd 3.6; 3.10 frees it at LOCKU
  }

  @Test
  void aDenyReservationRefusesOtherOpenOwnersOfAnyClient() {
    ServerHarness.Client c1 = noDelegations.client("c1");
    c1.open("f1", ShareAccess.READ, ShareDeny.WRITE);

    NfsStat4 otherClient = noDelegations.client("c2").open("f1", ShareAccess.WRITE, ShareDeny.NONE).status();
    NfsStat4 otherOwner = c1.open("c1-other-owner", "f1", ShareAccess.WRITE, ShareDeny.NONE).status();
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
    ServerHarness courteous = ServerHarness.with(ServerHarness.settings().policy(DelegationPolicy.NEVER).courtesy());
    ServerHarness.Client sleeper = courteous.client("sleeper");
    StateId open = sleeper.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId();
    sleeper.lock(open, LockType.WRITE_LT, 0, 10, false);
    ServerHarness.Client other = courteous.client("other");
    courteous.passLease(other);

    NfsStat4 afterExpiry = sleeper.sequence().status();
    courteous.passLease(other);
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

    assertThat(before).isEqualTo(NfsStat4.NFS4ERR_GRACE); // nfsd 3.6 nfsd4_open
    assertThat(after).isEqualTo(NFS4_OK);
  }

  @Test
  void aRebootDuringGraceKeepsTheClientsThatHaveNotReclaimedYet() {
    ServerHarness.Client late = server.client("late");
    server.state.reboot();
    server.state.reboot(); // "late" never came back in the first grace

    NfsStat4 reclaim = late.connect().reclaimOpen("f1", ShareAccess.READ,
        org.nfs41sim.protocol.nfs.OpenDelegationType.NONE).status();

    assertThat(reclaim).isEqualTo(NFS4_OK);
  }

  @Test
  void graceLastsItsWholePeriodByDefault() {
    ServerHarness.Client c1 = server.client("c1");
    server.state.reboot();
    c1.connect().reclaimComplete();

    boolean endedAtTheLeaseMark = server.state.graceLeaseMarkPassed();

    assertThat(endedAtTheLeaseMark).isFalse(); // nfsd 3.6: only the laundromat ends grace
    assertThat(server.state.inGrace()).isTrue();
  }

  @Test
  void withThePolicyGraceEndsEarlyOnceEveryRecordedClientHasReclaimedAndALeaseHasPassed() {
    ServerHarness early = ServerHarness.with(ServerHarness.settings().graceEndsEarly());
    ServerHarness.Client c1 = early.client("c1");
    ServerHarness.Client c2 = early.client("c2");
    early.state.reboot();
    c1.connect().reclaimComplete();
    c2.connect();

    boolean afterLeaseOneMissing = early.state.graceLeaseMarkPassed();
    c2.reclaimComplete();

    assertThat(afterLeaseOneMissing).isFalse();
    assertThat(early.state.inGrace()).isFalse();
    assertThat(early.facts).contains(new ServerFact.GraceEnded(2, true));
  }

  @Test
  void aRequestMissingAFieldIsInvalidNotACrash() {
    ServerHarness.Client c1 = server.client("c1");

    NfsReply reply = c1.send(new NfsRequest.Open(c1.clientId, c1.sessionId, "c1", null,
        null, ShareAccess.READ, ShareDeny.NONE, false, null, null));

    assertThat(reply.status()).isEqualTo(NFS4ERR_INVAL);
  }
}
