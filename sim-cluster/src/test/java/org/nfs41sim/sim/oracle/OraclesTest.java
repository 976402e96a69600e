package org.nfs41sim.sim.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;
import org.nfs41sim.sim.runtime.RunEnd;

/**
 * The oracles on hand-written fact sequences: each reports what really happened, with the events
 * that prove it, and stays silent on the near misses next to it.
 */
class OraclesTest {
  private static final long C1 = 11;
  private static final long C2 = 12;
  private static final StateId D1 = new StateId(1, 1, 100);

  private long inFlight;
  private final Oracles oracles = new Oracles(List.of("c1", "c2"), () -> inFlight, Duration.ofSeconds(10));
  private long event;

  /** Reports {@code facts} during delivery number {@code ++event}, at {@code event} ms. */
  private void at(Fact... facts) {
    event++;
    oracles.delivered(event, event * 1_000_000, event - 1, "", null);
    for (Fact f : facts) {
      oracles.report(f);
    }
  }

  private void bothClientsMounted() {
    at(new ServerFact.SessionCreated(1, C1, "c1", 1), new ServerFact.SessionCreated(1, C2, "c2", 2));
  }

  private static ClientFact.LockHeld held(String client, String process, LockType type, long offset, long length) {
    return new ClientFact.LockHeld(client, process, "f1", type, offset, length);
  }

  private static ServerFact.LockGranted granted(long clientId, String owner, LockType type, long offset, long length) {
    return new ServerFact.LockGranted(1, clientId, owner, "f1", type, offset, length, false);
  }

  private List<Violation> of(Violation.Kind kind) {
    return oracles.violations().stream().filter(v -> v.kind() == kind).toList();
  }

  @Test
  void conflictingLocksHeldAtOnceAreALockSafetyViolationWithBothGrants() {
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10));
    at(held("c2", "c2-p1", LockType.READ_LT, 5, 10));

    assertThat(of(Violation.Kind.LOCK_SAFETY)).singleElement().satisfies(v -> {
      assertThat(v.events()).containsExactly(1L, 2L);
      assertThat(v.description()).contains("c1-p1@c1 WRITE_LT [0,10)").contains("c2-p1@c2 READ_LT [5,15)");
    });
  }

  @Test
  void aLockTakenAfterTheOtherWasReleasedOrOnlyReadIsSafe() {
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10));
    at(new ClientFact.LockReleasing("c1", "c1-p1", "f1", 0, 10));
    at(held("c2", "c2-p1", LockType.WRITE_LT, 0, 10));
    at(held("c1", "c1-p2", LockType.READ_LT, 20, 10));
    at(held("c2", "c2-p2", LockType.READ_LT, 20, 10));

    assertThat(of(Violation.Kind.LOCK_SAFETY)).isEmpty();
  }

  @Test
  void aPairOfOwnersIsReportedOncePerFileWhicheverTookItsLockLast() {
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10));
    at(held("c2", "c2-p1", LockType.WRITE_LT, 5, 10));
    at(held("c1", "c1-p1", LockType.WRITE_LT, 10, 5));

    assertThat(of(Violation.Kind.LOCK_SAFETY)).hasSize(1);
  }

  @Test
  void processesOfOneClientConflictToo() {
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10));
    at(held("c1", "c1-p2", LockType.WRITE_LT, 9, 1));

    assertThat(of(Violation.Kind.LOCK_SAFETY)).hasSize(1);
  }

  @Test
  void aLockNeitherOnTheServerNorDelegatedIsLostOnlyOnceRecoveryIsQuiet() {
    bothClientsMounted();
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10)); // event 2: the server never saw it
    inFlight = 1;
    oracles.settled(3_000_000);
    assertThat(of(Violation.Kind.LOST_LOCK)).as("a message is still on the wire").isEmpty();

    inFlight = 0;
    oracles.settled(4_000_000);

    assertThat(of(Violation.Kind.LOST_LOCK)).singleElement()
        .satisfies(v -> assertThat(v.events()).containsExactly(2L));
  }

  @Test
  void aLockOnTheServerOrUnderAWriteDelegationIsNotLost() {
    bothClientsMounted();
    at(granted(C1, "c1-p1", LockType.WRITE_LT, 0, 10));
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10));
    at(new ServerFact.DelegationGranted(1, C2, "f1", D1, OpenDelegationType.WRITE, false, false));
    at(held("c2", "c2-p1", LockType.WRITE_LT, 50, 10));

    oracles.settled(10_000_000);

    assertThat(of(Violation.Kind.LOST_LOCK)).isEmpty();
  }

  @Test
  void aRebootTakesTheServersLocksAndGraceHidesTheLossUntilItEnds() {
    bothClientsMounted();
    at(granted(C1, "c1-p1", LockType.WRITE_LT, 0, 10));
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10));
    at(new ServerFact.Rebooted(2), new ServerFact.GraceStarted(2)); // event 4
    at(new ServerFact.SessionCreated(2, 21, "c1", 3), new ServerFact.SessionCreated(2, 22, "c2", 4));
    oracles.settled(6_000_000);
    assertThat(of(Violation.Kind.LOST_LOCK)).as("in grace, reclaims may still come").isEmpty();

    at(new ServerFact.GraceEnded(2, false));
    oracles.settled(8_000_000);

    assertThat(of(Violation.Kind.LOST_LOCK)).singleElement()
        .satisfies(v -> assertThat(v.events()).containsExactly(3L, 4L));
  }

  @Test
  void aRunningStateManagerMeansRecoveryIsNotQuiet() {
    bothClientsMounted();
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10));
    at(new ClientFact.Holds("c2", "MANAGER_RUNNING", "state-manager", "running"));
    oracles.settled(4_000_000);
    assertThat(oracles.quiet()).isFalse();

    at(new ClientFact.Released("c2", "MANAGER_RUNNING", "state-manager"));

    assertThat(oracles.quiet()).isTrue();
  }

  @Test
  void aDelegationLeftDetachedIsLeakedAndOneReturnedIsNot() {
    at(new ClientFact.DelegationChanged("c1", "f1", 1, D1, "ATTACHED", List.of()));
    at(new ClientFact.DelegationChanged("c1", "f1", 1, D1, "DETACHED", List.of())); // event 2
    at(new ClientFact.DelegationChanged("c2", "f1", 1, D1, "DETACHED", List.of()));
    at(new ClientFact.DelegationChanged("c2", "f1", 1, D1, "RETURNED", List.of()));

    List<Violation> found = oracles.finish(RunEnd.COMPLETED, 10_000_000);

    assertThat(found).filteredOn(v -> v.kind() == Violation.Kind.LEAKED_DELEGATION).singleElement()
        .satisfies(v -> {
          assertThat(v.events()).containsExactly(2L);
          assertThat(v.description()).contains("of c1");
        });
  }

  @Test
  void aGrantAgainstAnotherClientsDelegationIsAServerConformanceViolation() {
    bothClientsMounted();
    at(new ServerFact.DelegationGranted(1, C1, "f1", D1, OpenDelegationType.READ, false, false)); // event 2
    at(new ServerFact.OpenGranted(1, C2, "c2-p1", "f1", new StateId(1, 1, 101), ShareAccess.READ, ShareDeny.NONE,
        OpenClaimType.CLAIM_NULL));
    assertThat(of(Violation.Kind.SERVER_CONFORMANCE)).as("reads share a READ delegation").isEmpty();

    at(new ServerFact.OpenGranted(1, C2, "c2-p2", "f1", new StateId(1, 1, 102), ShareAccess.BOTH, ShareDeny.NONE,
        OpenClaimType.CLAIM_NULL)); // event 4

    assertThat(of(Violation.Kind.SERVER_CONFORMANCE)).singleElement()
        .satisfies(v -> assertThat(v.events()).containsExactly(2L, 4L));
  }

  @Test
  void aReturnedDelegationNoLongerConflicts() {
    bothClientsMounted();
    at(new ServerFact.DelegationGranted(1, C1, "f1", D1, OpenDelegationType.WRITE, false, false));
    at(new ServerFact.DelegationEnded(1, C1, "f1", D1, ServerFact.Release.RETURNED, "DELEGRETURN"));
    at(granted(C2, "c2-p1", LockType.WRITE_LT, 0, 10));

    assertThat(of(Violation.Kind.SERVER_CONFORMANCE)).isEmpty();
  }

  @Test
  void pendingCallsWithAWaitCycleAreADeadlockWithTheEventsOfTheWaits() {
    at(new ClientFact.OpStarted("c1", "c1-p3", "chmod", "f1"));
    at(new ClientFact.Holds("c1", "rwsem(inode f1)", "c1-p3", "WRITE"));
    at(new ClientFact.Holds("c1", "drain", "state-manager", "draining"));
    at(new ClientFact.Waits("c1", "drain", "c1-p3", "ordinary RPC")); // event 4
    at(new ClientFact.Waits("c1", "rwsem(inode f1)", "state-manager", "WRITE")); // event 5

    List<Violation> found = oracles.finish(RunEnd.HORIZON, 30_000_000);

    assertThat(found).singleElement().satisfies(v -> {
      assertThat(v.kind()).isEqualTo(Violation.Kind.DEADLOCK);
      assertThat(v.description()).startsWith("drain@c1 held by state-manager@c1, waited for by c1-p3@c1; "
          + "rwsem(inode f1)@c1 held by c1-p3@c1, waited for by state-manager@c1");
      assertThat(v.events()).containsExactly(4L, 5L);
    });
  }

  @Test
  void pendingCallsWithoutACycleAreStuckAndAnExhaustedBudgetIsALivelock() {
    at(new ClientFact.OpStarted("c1", "c1-p1", "lock(WRITE_LT 0+10)", "f1"));
    Oracles budget = new Oracles(List.of("c1"), () -> 0, Duration.ofSeconds(10));
    budget.delivered(1, 1, 0, "c1", null);
    budget.report(new ClientFact.OpStarted("c1", "c1-p1", "open(BOTH)", "f1"));

    assertThat(oracles.finish(RunEnd.HORIZON, 1)).extracting(Violation::kind).containsExactly(Violation.Kind.STUCK);
    assertThat(budget.finish(RunEnd.STEP_BUDGET, 1)).extracting(Violation::kind)
        .containsExactly(Violation.Kind.LIVELOCK);
  }

  @Test
  void callsThatReturnedLeaveNothingPending() {
    at(new ClientFact.OpStarted("c1", "c1-p1", "close", "f1"));
    at(new ClientFact.OpReturned("c1", "c1-p1", "close", "f1", "0"));

    assertThat(oracles.finish(RunEnd.COMPLETED, 1)).isEmpty();
  }

  /** Delivery number {@code ++event} carries {@code message} to {@code host}, sent during event {@code cause}. */
  private void deliver(long cause, String host, Object message, Fact... facts) {
    event++;
    oracles.delivered(event, event * 1_000_000, cause, host, message);
    for (Fact f : facts) {
      oracles.report(f);
    }
  }

  private static ServerFact.StateIdRefused refused(String op, StateId id, ServerFact.Refusal why, int current) {
    return new ServerFact.StateIdRefused(1, C1, op, id, why == ServerFact.Refusal.OLD_GENERATION
        ? org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_OLD_STATEID : org.nfs41sim.protocol.nfs.NfsStat4.NFS4ERR_BAD_STATEID,
        why, current);
  }

  @Test
  void anOpenOrARangeTheServerHoldsAndNoApplicationDoesIsOrphanedOnceRecoveryIsQuiet() {
    bothClientsMounted();
    at(new ServerFact.OpenGranted(1, C1, "c1-p1", "f1", new StateId(1, 1, 101), ShareAccess.BOTH, ShareDeny.NONE,
        OpenClaimType.CLAIM_NULL)); // event 2
    at(new ClientFact.OpReturned("c1", "c1-p1", "open(BOTH)", "f1", "0"));
    at(granted(C1, "c1-p1", LockType.WRITE_LT, 0, 10)); // event 4: granted, but the lock call has not returned
    at(new ClientFact.OpStarted("c1", "c1-p1", "lock(WRITE_LT 0+10)", "f1"));
    oracles.settled(6_000_000);
    assertThat(of(Violation.Kind.ORPHANED_STATE)).as("the process holds the open and is taking the lock").isEmpty();

    at(new ClientFact.OpReturned("c1", "c1-p1", "lock(WRITE_LT 0+10)", "f1", "EAGAIN"));
    at(new ClientFact.OpStarted("c1", "c1-p1", "close", "f1"));
    at(new ClientFact.OpReturned("c1", "c1-p1", "close", "f1", "0"));
    oracles.settled(9_000_000);

    assertThat(of(Violation.Kind.ORPHANED_STATE)).extracting(Violation::events)
        .containsExactlyInAnyOrder(List.of(2L), List.of(4L));
  }

  @Test
  void anOpenClosedWhileAReturnOfItsFileHoldsItIsNotOrphanedUntilTheReturnEnds() {
    bothClientsMounted();
    at(new ClientFact.DelegationChanged("c1", "f1", 1, D1, "ATTACHED", List.of()));
    at(new ClientFact.DelegationChanged("c1", "f1", 1, D1, "DETACHED", List.of())); // a return starts
    at(new ServerFact.OpenGranted(1, C1, "c1-p1", "f1", new StateId(1, 1, 101), ShareAccess.READ, ShareDeny.NONE,
        OpenClaimType.CLAIM_DELEG_CUR_FH)); // event 4: its claim
    at(new ClientFact.OpStarted("c1", "c1-p1", "close", "f1"));
    at(new ClientFact.OpReturned("c1", "c1-p1", "close", "f1", "0"));
    oracles.settled(7_000_000);
    assertThat(of(Violation.Kind.ORPHANED_STATE)).as("the return holds the open context").isEmpty();

    at(new ClientFact.ReturnEnded("c1", "f1", 1, "c1-p2", "0"));
    oracles.settled(9_000_000);

    assertThat(of(Violation.Kind.ORPHANED_STATE)).extracting(Violation::events).containsExactly(List.of(4L));
  }

  @Test
  void aRangeTheApplicationHoldsIsNotOrphanedWhateverLockOwnerOfItsClientTheServerHasItFor() {
    bothClientsMounted();
    at(granted(C1, "c1-p1", LockType.WRITE_LT, 0, 10), granted(C1, "c1-p1", LockType.WRITE_LT, 10, 10));
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 20));
    at(new ClientFact.OpReturned("c1", "c1-p1", "open(BOTH)", "f1", "0"));

    oracles.settled(5_000_000);

    assertThat(of(Violation.Kind.ORPHANED_STATE)).isEmpty();
  }

  @Test
  void aStateidOfStateThatEndedIsMisusedButOneOfAnEarlierBootIsNot() {
    bothClientsMounted();
    at(refused("DELEGRETURN", D1, ServerFact.Refusal.EARLIER_EPOCH, 0));
    at(refused("CLOSE", new StateId(1, 1, 101), ServerFact.Refusal.REVOKED, 0));
    at(refused("LOCKU", new StateId(1, 1, 102), ServerFact.Refusal.ENDED, 0)); // event 4

    assertThat(of(Violation.Kind.STATEID_MISUSE)).singleElement().satisfies(v -> {
      assertThat(v.events()).containsExactly(4L);
      assertThat(v.description()).startsWith("LOCKU of c1 answered BAD_STATEID").contains("had ended");
    });
  }

  @Test
  void anOldGenerationIsMisuseOnlyWhenTheNewerOneHadReachedTheClientBeforeTheRequestLeft() {
    bothClientsMounted();
    StateId open2 = new StateId(2, 1, 101);
    deliver(1, "c1", new org.nfs41sim.protocol.nfs.NfsReply.OpenReply(org.nfs41sim.protocol.nfs.NfsStat4.NFS4_OK,
        open2, null)); // event 2: generation 2 reaches c1
    deliver(1, "server", null, refused("LOCK", new StateId(1, 1, 101), ServerFact.Refusal.OLD_GENERATION, 2));
    assertThat(of(Violation.Kind.STATEID_MISUSE)).as("sent during event 1, before generation 2 arrived").isEmpty();

    deliver(2, "server", null, refused("CLOSE", new StateId(1, 1, 101), ServerFact.Refusal.OLD_GENERATION, 2));

    assertThat(of(Violation.Kind.STATEID_MISUSE)).singleElement()
        .satisfies(v -> assertThat(v.events()).containsExactly(2L, 4L));
  }

  @Test
  void aRecallThatReachedTheClientAndTimedOutIsUnansweredUnlessAFaultExcusesIt() {
    bothClientsMounted();
    StateId d2 = new StateId(1, 1, 200);
    at(new ServerFact.DelegationRecalled(1, C1, "f1", D1), new ServerFact.DelegationRecalled(1, C2, "f2", d2));
    org.nfs41sim.protocol.nfs.CbRecall recall1 = new org.nfs41sim.protocol.nfs.CbRecall(D1, false, "f1");
    deliver(2, "c1", new org.nfs41sim.model.server.Server.Callback(recall1, null)); // event 3
    oracles.callbackFaulted(d2);
    deliver(2, "c2", new org.nfs41sim.model.server.Server.Callback(
        new org.nfs41sim.protocol.nfs.CbRecall(d2, false, "f2"), null));
    event = 10_010; // ten seconds later: the recall time-out has passed
    at(new ServerFact.DelegationEnded(1, C1, "f1", D1, ServerFact.Release.REVOKED, "recall timed out"),
        new ServerFact.DelegationEnded(1, C2, "f2", d2, ServerFact.Release.REVOKED, "recall timed out"));

    assertThat(of(Violation.Kind.UNANSWERED_RECALL)).singleElement().satisfies(v -> {
      assertThat(v.events()).containsExactly(3L, 10_011L);
      assertThat(v.description()).startsWith("f1: c1 got the CB_RECALL");
    });
  }

  @Test
  void aConflictWithALockWhoseClientsLeaseExpiredIsALossNotAViolation() {
    bothClientsMounted();
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10)); // event 2
    at(new ServerFact.ClientExpired(1, C1, "c1")); // event 3
    at(held("c2", "c2-p1", LockType.WRITE_LT, 0, 10)); // event 4

    assertThat(of(Violation.Kind.LOCK_SAFETY)).isEmpty();
    assertThat(oracles.losses()).singleElement().satisfies(l -> {
      assertThat(l.kind()).isEqualTo(Loss.Kind.EXPIRED_LOCK);
      assertThat(l.events()).containsExactly(2L, 4L, 3L);
    });
  }

  @Test
  void aLockWhoseClientCameBackOnlyAfterGraceIsLostAsNfsAllows() {
    bothClientsMounted();
    at(held("c1", "c1-p1", LockType.WRITE_LT, 0, 10)); // event 2
    at(new ServerFact.Rebooted(2), new ServerFact.GraceStarted(2)); // event 3
    at(new ServerFact.SessionCreated(2, 22, "c2", 4));
    at(new ServerFact.GraceEnded(2, false));
    at(new ServerFact.SessionCreated(2, 21, "c1", 3)); // event 6: after grace
    oracles.settled(7_000_000);

    assertThat(of(Violation.Kind.LOST_LOCK)).isEmpty();
    assertThat(oracles.losses()).singleElement().satisfies(l -> {
      assertThat(l.kind()).isEqualTo(Loss.Kind.UNRECLAIMED_LOCK);
      assertThat(l.events()).containsExactly(2L, 3L);
    });
  }

  @Test
  void aRebootCountsOncePerReturnItFallsIntoTheSameWayForBothVariants() {
    // c1 (legacy) detaches; c2 (fixed) sets RETURNING, then detaches at the very end of its return.
    at(new ClientFact.DelegationChanged("c1", "f1", 1, D1, "ATTACHED", List.of()));
    at(new ClientFact.DelegationChanged("c1", "f1", 1, D1, "DETACHED", List.of()));
    at(new ClientFact.DelegationChanged("c2", "f2", 1, D1, "ATTACHED", List.of()));
    at(new ClientFact.DelegationChanged("c2", "f2", 1, D1, "RETURNING", List.of("RETURNING")));
    at(new ServerFact.Rebooted(2));
    at(new ClientFact.DelegationChanged("c2", "f2", 1, D1, "DETACHED", List.of("RETURNING")));
    at(new ClientFact.ReturnEnded("c2", "f2", 1, "state-manager", "0"));
    at(new ClientFact.ReturnEnded("c1", "f1", 1, "c1-p3", "EIO"));
    at(new ServerFact.Rebooted(3));

    assertThat(oracles.returns().rebootsDuringReturns()).hasSize(2)
        .allSatisfy(r -> assertThat(r).startsWith("reboot at event 5 during the return of"));
  }
}
