package org.nfs41sim.model.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * The grace rules of RFC 8881 §8.4.2, §8.4.2.1 and §18.51, as a table: for each operation and
 * each phase of a server's life, the status the RFC requires.
 */
class GraceRulesTest {

  /** Where the server and the client stand when the operation is sent. */
  enum Phase {
    /** First boot, no grace; the client has sent RECLAIM_COMPLETE, as a mount does. */
    NORMAL,
    /** First boot; a new client that has not sent RECLAIM_COMPLETE yet (§18.51.3). */
    NEW_BEFORE_RECLAIM_COMPLETE,
    /** In grace after a reboot; the client was known before it and has not sent RECLAIM_COMPLETE. */
    GRACE,
    /** In grace; the client has sent RECLAIM_COMPLETE. */
    GRACE_AFTER_RECLAIM_COMPLETE,
    /** In grace; the client was not known before the reboot. */
    GRACE_NEW_CLIENT,
    /** After the grace period ran out; the client never sent RECLAIM_COMPLETE. */
    AFTER_GRACE,
    /** After the grace period; the client sent RECLAIM_COMPLETE during it. */
    AFTER_GRACE_RECLAIM_COMPLETE
  }

  /** A client in {@code phase}, with an open of f1 valid in it (null where none can exist). */
  private record Setup(ServerHarness server, ServerHarness.Client client, StateId open) {}

  private static Setup setUp(Phase phase) {
    ServerHarness server = new ServerHarness();
    ServerHarness.Client client = server.client("c1");
    server.client("bystander"); // known before the reboot, never reclaims: grace cannot end early
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
      "OPEN_CLAIM_NULL,     NEW_BEFORE_RECLAIM_COMPLETE,   NFS4ERR_GRACE",        // §18.51.3
      "OPEN_CLAIM_NULL,     GRACE,                         NFS4ERR_GRACE",        // §8.4.2
      "OPEN_CLAIM_NULL,     GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_GRACE",        // grace is server-wide
      "OPEN_CLAIM_NULL,     GRACE_NEW_CLIENT,              NFS4ERR_GRACE",
      "OPEN_CLAIM_NULL,     AFTER_GRACE,                   NFS4ERR_GRACE",        // §18.51.3: no RECLAIM_COMPLETE yet
      "OPEN_CLAIM_NULL,     AFTER_GRACE_RECLAIM_COMPLETE,  NFS4_OK",
      "OPEN_CLAIM_PREVIOUS, NORMAL,                        NFS4ERR_NO_GRACE",     // §8.4.2.1
      "OPEN_CLAIM_PREVIOUS, NEW_BEFORE_RECLAIM_COMPLETE,   NFS4ERR_NO_GRACE",
      "OPEN_CLAIM_PREVIOUS, GRACE,                         NFS4_OK",
      "OPEN_CLAIM_PREVIOUS, GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_NO_GRACE",     // §18.51.3
      "OPEN_CLAIM_PREVIOUS, GRACE_NEW_CLIENT,              NFS4ERR_NO_GRACE",     // §8.4.2.1 stable storage
      "OPEN_CLAIM_PREVIOUS, AFTER_GRACE,                   NFS4ERR_NO_GRACE",
      "LOCK,                NORMAL,                        NFS4_OK",
      "LOCK,                GRACE,                         NFS4ERR_GRACE",        // §18.10.4
      "LOCK,                GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_GRACE",
      "LOCK,                AFTER_GRACE,                   NFS4ERR_GRACE",        // §18.51.3
      "LOCK,                AFTER_GRACE_RECLAIM_COMPLETE,  NFS4_OK",
      "LOCK_RECLAIM,        NORMAL,                        NFS4ERR_NO_GRACE",
      "LOCK_RECLAIM,        GRACE,                         NFS4_OK",
      "LOCK_RECLAIM,        GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_NO_GRACE",
      "LOCK_RECLAIM,        AFTER_GRACE,                   NFS4ERR_NO_GRACE",
      "LOCKT,               NORMAL,                        NFS4_OK",
      "LOCKT,               NEW_BEFORE_RECLAIM_COMPLETE,   NFS4ERR_GRACE",
      "LOCKT,               GRACE,                         NFS4ERR_GRACE",        // §18.11.4
      "LOCKT,               AFTER_GRACE_RECLAIM_COMPLETE,  NFS4_OK",
      "RECLAIM_COMPLETE,    NORMAL,                        NFS4ERR_COMPLETE_ALREADY", // mounted: sent one
      "RECLAIM_COMPLETE,    NEW_BEFORE_RECLAIM_COMPLETE,   NFS4_OK",
      "RECLAIM_COMPLETE,    GRACE,                         NFS4_OK",
      "RECLAIM_COMPLETE,    GRACE_AFTER_RECLAIM_COMPLETE,  NFS4ERR_COMPLETE_ALREADY", // §18.51.4
      "RECLAIM_COMPLETE,    GRACE_NEW_CLIENT,              NFS4_OK",
      "RECLAIM_COMPLETE,    AFTER_GRACE,                   NFS4_OK",
  })
  void everyOperationGetsTheStatusTheRfcGivesInEachPhase(String op, Phase phase, NfsStat4 expected) {
    Setup s = setUp(phase);
    ServerHarness.Client c = s.client();

    NfsStat4 status = switch (op) {
      case "OPEN_CLAIM_NULL" -> c.open("f2", ShareAccess.READ, ShareDeny.NONE).status();
      case "OPEN_CLAIM_PREVIOUS" -> c.reclaimOpen("f2", ShareAccess.READ, OpenDelegationType.NONE).status();
      case "LOCK" -> c.lock(s.open(), LockType.WRITE_LT, 0, 10, false).status();
      case "LOCK_RECLAIM" -> c.lock(s.open(), LockType.WRITE_LT, 0, 10, true).status();
      case "LOCKT" -> c.lockt("f1", LockType.WRITE_LT, 0, 10).status();
      case "RECLAIM_COMPLETE" -> c.reclaimComplete().status();
      default -> throw new IllegalArgumentException(op);
    };

    assertThat(status).isEqualTo(expected);
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
  void sequenceFlagsReclaimAfterARestartUntilTheClientsReclaimComplete(Phase phase, boolean needed) {
    Setup s = setUp(phase);

    assertThat(s.client().sequence().restartReclaimNeeded()).isEqualTo(needed);
  }

  @ParameterizedTest(name = "{0}, reclaimed={1}, complete={2} -> {3}")
  @CsvSource({
      "true,  true,  false, ",
      "true,  true,  true,  NFS4ERR_NO_GRACE",
      "true,  false, false, NFS4ERR_NO_GRACE",
      "false, true,  false, NFS4ERR_NO_GRACE",
  })
  void theReclaimRuleAlone(boolean inGrace, boolean known, boolean complete, NfsStat4 expected) {
    assertThat(GraceRules.reclaim(inGrace, known, complete)).isEqualTo(expected);
  }
}
