package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.SequenceFlags;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * The grace rules of nfsd 3.6 - 3.10 (nfsd4_open, nfs4_check_open_reclaim, nfsd4_lock,
 * nfsd4_lockt), as a table: for each operation and each phase of a server's life, the status
 * nfsd answers.
 */
class GraceRulesTest {

  /** Where the server and the client stand when the operation is sent. */
  enum Phase {
    /** First boot, no grace; the client has sent RECLAIM_COMPLETE, as a mount does. */
    NORMAL,
    /** First boot; a new client that has not sent RECLAIM_COMPLETE yet (§18.51.3). */
    NEW_BEFORE_RECLAIM_COMPLETE,
    /** In grace after a reboot; the client was recorded before it and has not sent RECLAIM_COMPLETE. */
    GRACE,
    /** In grace; the client has sent RECLAIM_COMPLETE. */
    GRACE_AFTER_RECLAIM_COMPLETE,
    /** In grace; the client was not known before the reboot. */
    GRACE_NEW_CLIENT,
    /** In grace; the client had a session before the reboot but never sent RECLAIM_COMPLETE, so no record. */
    GRACE_UNRECORDED,
    /** After the grace period ran out; the client never sent RECLAIM_COMPLETE. */
    AFTER_GRACE,
    /** After the grace period; the client sent RECLAIM_COMPLETE during it. */
    AFTER_GRACE_RECLAIM_COMPLETE
  }

  /** A client in {@code phase}, with an open of f1 valid in it (null where none can exist). */
  private record Setup(ServerHarness server, ServerHarness.Client client, StateId open) {}

  private static Setup setUp(Phase phase, ServerSettings settings) {
    ServerHarness server = new ServerHarness(settings);
    ServerHarness.Client client = server.client("c1");
    server.client("bystander"); // recorded, never comes back
    ServerHarness.Client unrecorded = server.new Client("unrecorded").connect();
    if (phase == Phase.NORMAL) {
      return new Setup(server, client, client.open("f1", ShareAccess.BOTH, ShareDeny.NONE).stateId());
    }
    if (phase == Phase.NEW_BEFORE_RECLAIM_COMPLETE) {
      ServerHarness.Client fresh = server.new Client("fresh").connect();
      return new Setup(server, fresh, null);
    }
    client.open("f1", ShareAccess.BOTH, ShareDeny.NONE);
    server.state.reboot();
    if (phase == Phase.GRACE_NEW_CLIENT) {
      return new Setup(server, server.new Client("newcomer").connect(), null);
    }
    if (phase == Phase.GRACE_UNRECORDED) {
      return new Setup(server, unrecorded.connect(), null);
    }
    client.connect();
    StateId open = client.reclaimOpen("f1", ShareAccess.BOTH, OpenDelegationType.NONE).stateId();
    if (phase == Phase.GRACE_AFTER_RECLAIM_COMPLETE || phase == Phase.AFTER_GRACE_RECLAIM_COMPLETE) {
      client.reclaimComplete();
    }
    if (phase == Phase.AFTER_GRACE || phase == Phase.AFTER_GRACE_RECLAIM_COMPLETE) {
      server.state.graceTimedOut();
    }
    return new Setup(server, client, open);
  }

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource({
      "OPEN_CLAIM_NULL,     NORMAL,                        NFS4_OK",
      "OPEN_CLAIM_NULL,     NEW_BEFORE_RECLAIM_COMPLETE,   NFS4ERR_GRACE",        // nfsd4_open: no RECLAIM_COMPLETE yet
      "OPEN_CLAIM_NULL,     GRACE,                         NFS4ERR_GRACE",
      "OPEN_CLAIM_NULL,     GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_GRACE",        // grace is server-wide
      "OPEN_CLAIM_NULL,     GRACE_NEW_CLIENT,              NFS4ERR_GRACE",
      "OPEN_CLAIM_NULL,     AFTER_GRACE,                   NFS4ERR_GRACE",        // still no RECLAIM_COMPLETE
      "OPEN_CLAIM_NULL,     AFTER_GRACE_RECLAIM_COMPLETE,  NFS4_OK",
      "OPEN_CLAIM_FH,       NORMAL,                        NFS4_OK",
      "OPEN_CLAIM_FH,       GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_GRACE",
      "OPEN_CLAIM_FH,       AFTER_GRACE,                   NFS4ERR_GRACE",
      "OPEN_CLAIM_PREVIOUS, NORMAL,                        NFS4ERR_NO_GRACE",     // nfsd4_open: outside grace
      "OPEN_CLAIM_PREVIOUS, NEW_BEFORE_RECLAIM_COMPLETE,   NFS4ERR_NO_GRACE",
      "OPEN_CLAIM_PREVIOUS, GRACE,                         NFS4_OK",
      "OPEN_CLAIM_PREVIOUS, GRACE_AFTER_RECLAIM_COMPLETE,  NFS4_OK",              // nothing checks RECLAIM_COMPLETE
      "OPEN_CLAIM_PREVIOUS, GRACE_NEW_CLIENT,              NFS4ERR_RECLAIM_BAD",  // nfs4_check_open_reclaim
      "OPEN_CLAIM_PREVIOUS, GRACE_UNRECORDED,              NFS4ERR_RECLAIM_BAD",  // recorded only at RECLAIM_COMPLETE
      "OPEN_CLAIM_PREVIOUS, AFTER_GRACE,                   NFS4ERR_NO_GRACE",
      "LOCK,                NORMAL,                        NFS4_OK",
      "LOCK,                GRACE,                         NFS4ERR_GRACE",
      "LOCK,                GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_GRACE",
      "LOCK,                AFTER_GRACE,                   NFS4_OK",              // nfsd4_lock: no RECLAIM_COMPLETE check
      "LOCK,                AFTER_GRACE_RECLAIM_COMPLETE,  NFS4_OK",
      "LOCK_RECLAIM,        NORMAL,                        NFS4ERR_NO_GRACE",
      "LOCK_RECLAIM,        GRACE,                         NFS4_OK",
      "LOCK_RECLAIM,        GRACE_AFTER_RECLAIM_COMPLETE,  NFS4_OK",              // accepted after RECLAIM_COMPLETE too
      "LOCK_RECLAIM,        AFTER_GRACE,                   NFS4ERR_NO_GRACE",
      "LOCKT,               NORMAL,                        NFS4_OK",
      "LOCKT,               NEW_BEFORE_RECLAIM_COMPLETE,   NFS4_OK",              // nfsd4_lockt: no RECLAIM_COMPLETE check
      "LOCKT,               GRACE,                         NFS4ERR_GRACE",
      "LOCKT,               GRACE_NEW_CLIENT,              NFS4ERR_GRACE",
      "LOCKT,               AFTER_GRACE,                   NFS4_OK",
      "REMOVE,              NORMAL,                        NFS4_OK",
      "REMOVE,              GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_GRACE",        // nfsd4_remove
      "REMOVE,              AFTER_GRACE,                   NFS4_OK",
      "RECLAIM_COMPLETE,    NORMAL,                        NFS4ERR_COMPLETE_ALREADY", // mounted: sent one
      "RECLAIM_COMPLETE,    NEW_BEFORE_RECLAIM_COMPLETE,   NFS4_OK",
      "RECLAIM_COMPLETE,    GRACE,                         NFS4_OK",
      "RECLAIM_COMPLETE,    GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_COMPLETE_ALREADY", // §18.51.4
      "RECLAIM_COMPLETE,    GRACE_NEW_CLIENT,              NFS4_OK",
      "RECLAIM_COMPLETE,    AFTER_GRACE,                   NFS4_OK",
  })
  void everyOperationGetsTheStatusNfsdGivesInEachPhase(String op, Phase phase, NfsStat4 expected) {
    Setup s = setUp(phase, ServerHarness.SETTINGS);
    ServerHarness.Client c = s.client();

    NfsStat4 status = switch (op) {
      case "OPEN_CLAIM_NULL" -> c.open("f2", ShareAccess.READ, ShareDeny.NONE).status();
      case "OPEN_CLAIM_FH" -> c.openByHandle("f2", ShareAccess.READ).status();
      case "OPEN_CLAIM_PREVIOUS" -> c.reclaimOpen("f2", ShareAccess.READ, OpenDelegationType.NONE).status();
      case "LOCK" -> c.lock(s.open(), LockType.WRITE_LT, 0, 10, false).status();
      case "LOCK_RECLAIM" -> c.lock(s.open(), LockType.WRITE_LT, 0, 10, true).status();
      case "LOCKT" -> c.lockt("f1", LockType.WRITE_LT, 0, 10).status();
      case "REMOVE" -> c.remove("f2").status();
      case "RECLAIM_COMPLETE" -> c.reclaimComplete().status();
      default -> throw new IllegalArgumentException(op);
    };

    assertThat(status).isEqualTo(expected);
  }

  @ParameterizedTest(name = "CLAIM_DELEG_CUR_FH in {0}, deleg-cur-claims-in-grace = {1} -> {2}")
  @CsvSource({
      "GRACE,                         REFUSE, NFS4ERR_GRACE",   // nfsd4_open: every claim but CLAIM_PREVIOUS
      "GRACE_AFTER_RECLAIM_COMPLETE,  REFUSE, NFS4ERR_GRACE",
      "AFTER_GRACE,                   REFUSE, NFS4ERR_GRACE",   // before RECLAIM_COMPLETE
      "AFTER_GRACE_RECLAIM_COMPLETE,  REFUSE, NFS4_OK",
      "GRACE,                         ALLOW,  NFS4_OK",         // §18.16.3: valid during and after grace
      "AFTER_GRACE,                   ALLOW,  NFS4_OK",
  })
  void anOpenUnderAReclaimedDelegationFollowsTheDelegCurPolicy(Phase phase, ServerSettings.DelegCurInGrace policy,
      NfsStat4 expected) {
    ServerHarness server = ServerHarness.with(ServerHarness.settings().delegCurInGrace(policy));
    ServerHarness.Client c = server.client("c1");
    server.state.reboot();
    c.connect();
    StateId delegation = c.reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.READ).delegation().stateId();
    if (phase == Phase.GRACE_AFTER_RECLAIM_COMPLETE || phase == Phase.AFTER_GRACE_RECLAIM_COMPLETE) {
      c.reclaimComplete();
    }
    if (phase == Phase.AFTER_GRACE || phase == Phase.AFTER_GRACE_RECLAIM_COMPLETE) {
      server.state.graceTimedOut();
    }

    NfsStat4 status = c.openUnderDelegation("cached", "f1", ShareAccess.READ, delegation).status();

    assertThat(status).isEqualTo(expected);
  }

  @Test
  void aReclaimLockInGraceIsAcceptedThroughAnOpenThatWasNotReclaimed() {
    ServerHarness server = ServerHarness.with(ServerHarness.settings()
        .delegCurInGrace(ServerSettings.DelegCurInGrace.ALLOW));
    ServerHarness.Client c = server.client("c1");
    server.state.reboot();
    StateId delegation = c.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.READ)
        .delegation().stateId();
    StateId madeNow = c.openUnderDelegation("new-owner", "f1", ShareAccess.READ, delegation).stateId();

    NfsStat4 status = c.lock(madeNow, LockType.READ_LT, 0, 1, true).status();

    assertThat(status).isEqualTo(NfsStat4.NFS4_OK); // nfsd 3.6 nfsd4_lock checks nothing of the open
  }

  @ParameterizedTest(name = "SEQUENCE in {0}: restart reclaim needed = {1}")
  @CsvSource({
      "NORMAL,                        false",
      "NEW_BEFORE_RECLAIM_COMPLETE,   false",  // no restart happened
      "GRACE,                         true",   // §18.46.3: after a restart, until RECLAIM_COMPLETE
      "GRACE_AFTER_RECLAIM_COMPLETE,  false",
      "GRACE_NEW_CLIENT,              true",
      "AFTER_GRACE,                   true",   // grace over, still no RECLAIM_COMPLETE
      "AFTER_GRACE_RECLAIM_COMPLETE,  false",
  })
  void withThePolicySequenceAsksForReclaimsAfterARestartUntilReclaimComplete(Phase phase, boolean needed) {
    Setup s = setUp(phase, ServerHarness.settings().restartReclaimNeeded().build());

    assertThat(s.client().sequence().has(SequenceFlags.RESTART_RECLAIM_NEEDED)).isEqualTo(needed);
  }

  @Test
  void nfsdNeverSetsRestartReclaimNeeded() {
    Setup s = setUp(Phase.GRACE, ServerHarness.SETTINGS);

    assertThat(s.client().sequence().statusFlags()).isZero();
  }

  @Test
  void aClientIsRecordedAtReclaimCompleteAndForgottenWhenItsLeaseExpires() {
    ServerHarness server = new ServerHarness();
    ServerHarness.Client lapsed = server.client("lapsed");
    ServerHarness.Client alive = server.client("alive");
    server.passLease(alive);
    server.state.reboot();

    NfsStat4 lapsedReclaim = lapsed.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.NONE).status();
    NfsStat4 aliveReclaim = alive.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.NONE).status();

    assertThat(lapsedReclaim).isEqualTo(NfsStat4.NFS4ERR_RECLAIM_BAD);
    assertThat(aliveReclaim).isEqualTo(NfsStat4.NFS4_OK);
  }

  @Test
  void recordsOfClientsThatDidNotReclaimArePurgedWhenGraceEnds() {
    ServerHarness server = new ServerHarness();
    ServerHarness.Client reclaimed = server.client("reclaimed");
    ServerHarness.Client sessionOnly = server.client("session-only");
    ServerHarness.Client away = server.client("away");
    server.state.reboot();
    reclaimed.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.NONE); // its record checked
    sessionOnly.connect(); // comes back, but neither reclaims nor sends RECLAIM_COMPLETE
    server.state.graceTimedOut();
    server.state.reboot();

    NfsStat4 reclaimedAgain = reclaimed.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.NONE)
        .status();
    NfsStat4 sessionOnlyReclaim = sessionOnly.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.NONE)
        .status();
    NfsStat4 awayReclaim = away.connect().reclaimOpen("f1", ShareAccess.READ, OpenDelegationType.NONE).status();

    // nfs4_has_reclaimed_state: only a client whose record was checked or created (STABLE) keeps it.
    assertThat(reclaimedAgain).isEqualTo(NfsStat4.NFS4_OK);
    assertThat(sessionOnlyReclaim).isEqualTo(NfsStat4.NFS4ERR_RECLAIM_BAD);
    assertThat(awayReclaim).isEqualTo(NfsStat4.NFS4ERR_RECLAIM_BAD);
  }

  @ParameterizedTest(name = "in grace {0}, recorded {1} -> {2}")
  @CsvSource({
      "true,  true,  ",
      "true,  false, NFS4ERR_RECLAIM_BAD",
      "false, true,  NFS4ERR_NO_GRACE",
      "false, false, NFS4ERR_NO_GRACE",
  })
  void theOpenReclaimRuleAlone(boolean inGrace, boolean recorded, NfsStat4 expected) {
    assertThat(GraceRules.openReclaim(inGrace, recorded)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "in grace {0}, reclaim {1} -> {2}")
  @CsvSource({
      "true,  true,  ",
      "true,  false, NFS4ERR_GRACE",
      "false, true,  NFS4ERR_NO_GRACE",
      "false, false, ",
  })
  void theLockRuleAlone(boolean inGrace, boolean reclaim, NfsStat4 expected) {
    assertThat(GraceRules.lock(inGrace, reclaim)).isEqualTo(expected);
  }
}
