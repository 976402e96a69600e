package org.nfs41sim.sim.oracle;

import static org.assertj.core.api.Assertions.assertThat;

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
  private final Oracles oracles = new Oracles(List.of("c1", "c2"), () -> inFlight);
  private long event;

  /** Reports {@code facts} during delivery number {@code ++event}, at {@code event} ms. */
  private void at(Fact... facts) {
    event++;
    oracles.delivered(event, event * 1_000_000);
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
    Oracles budget = new Oracles(List.of("c1"), () -> 0);
    budget.delivered(1, 1);
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
