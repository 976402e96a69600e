package org.nfs41sim.model.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nfs41sim.model.client.Delegation.Event;
import org.nfs41sim.model.client.Delegation.Flag;
import org.nfs41sim.model.client.Delegation.State;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * The delegation's life, against a second table written separately from the domain notes (§1.3
 * to §1.6 of the project's NFS notes): every (variant, state, event) either leads where this
 * table says or is refused.
 */
class DelegationTest {

  /** variant, from, event -> to; written from the kernel's behaviour, not from Delegation.java. */
  private static final String SECOND_TABLE = """
      # Every variant: CB_RECALL marks, reboot recovery marks and reclaims, unclaimed ones are reaped.
      LEGACY,SEED,FIXED ATTACHED  MARK_RETURN  ATTACHED
      LEGACY,SEED,FIXED ATTACHED  MARK_RECLAIM ATTACHED
      LEGACY,SEED,FIXED ATTACHED  RECLAIMED    ATTACHED
      LEGACY,SEED,FIXED ATTACHED  REAP         REAPED
      LEGACY,SEED,FIXED ATTACHED  REVOKED      REVOKED
      # Pre-fix: the return detaches first; the claim runs on a delegation nobody else can see.
      LEGACY            ATTACHED  START_RETURN DETACHED
      LEGACY            DETACHED  RETURNED     RETURNED
      LEGACY            DETACHED  REVOKED      REVOKED
      # d25be546a86f: RETURNING while attached; abort puts it back marked; detach only at the end.
      SEED,FIXED        ATTACHED  START_RETURN RETURNING
      SEED,FIXED        RETURNING MARK_RETURN  RETURNING
      SEED,FIXED        RETURNING MARK_RECLAIM RETURNING
      SEED,FIXED        RETURNING RECLAIMED    RETURNING
      SEED,FIXED        RETURNING REAP         REAPED
      SEED,FIXED        RETURNING ABORT_RETURN ATTACHED
      SEED,FIXED        RETURNING DETACH       DETACHED
      SEED,FIXED        RETURNING REVOKED      REVOKED
      SEED,FIXED        DETACHED  RETURNED     RETURNED
      SEED,FIXED        DETACHED  REVOKED      REVOKED
      """;

  private static Map<String, State> secondTable() {
    Map<String, State> table = new HashMap<>();
    for (String line : SECOND_TABLE.strip().split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f[0].startsWith("#")) {
        continue;
      }
      for (String variant : f[0].split(",")) {
        table.put(variant + " " + f[1] + " " + f[2], State.valueOf(f[3]));
      }
    }
    return table;
  }

  @ParameterizedTest
  @EnumSource(ClientVariant.class)
  void theTransitionTableMatchesTheSecondTable(ClientVariant variant) {
    Map<String, State> expected = secondTable();

    for (State from : State.values()) {
      for (Event event : Event.values()) {
        assertThat(Delegation.next(variant, from, event))
            .as("%s %s %s", variant, from, event)
            .isEqualTo(expected.get(variant + " " + from + " " + event));
      }
    }
  }

  private static Delegation writeDelegation() {
    return new Delegation("f1", new StateId(1, 1, 7), OpenDelegationType.WRITE);
  }

  @Test
  void aLegacyReturnDetachesAtOnceAndCannotBeReclaimedAnyMore() {
    Delegation d = writeDelegation();
    d.apply(ClientVariant.LEGACY, Event.MARK_RETURN, null, null);

    d.apply(ClientVariant.LEGACY, Event.START_RETURN, null, null);

    assertThat(d.attached()).isFalse();
    assertThat(d.flags()).doesNotContain(Flag.RETURN);
    assertThatThrownBy(() -> d.apply(ClientVariant.LEGACY, Event.MARK_RECLAIM, null, null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("DETACHED");
  }

  @Test
  void aFixedReturnStaysAttachedIsReclaimedAndAbortsBackToMarked() {
    Delegation d = writeDelegation();
    d.apply(ClientVariant.FIXED, Event.START_RETURN, null, null);
    d.apply(ClientVariant.FIXED, Event.MARK_RECLAIM, null, null);
    boolean usableWhileReturning = d.canOpenDelegated(ShareAccess.READ);

    d.apply(ClientVariant.FIXED, Event.RECLAIMED, new StateId(1, 2, 3), OpenDelegationType.WRITE);
    d.apply(ClientVariant.FIXED, Event.ABORT_RETURN, null, null);

    assertThat(usableWhileReturning).isFalse();
    assertThat(d.stateId()).isEqualTo(new StateId(1, 2, 3));
    assertThat(d.state()).isEqualTo(State.ATTACHED);
    assertThat(d.flags()).containsExactly(Flag.RETURN);
  }

  @Test
  void onlyAnAttachedDelegationNotAwaitingReclaimAndOfTheRightTypeBacksACachedOpen() {
    Delegation read = new Delegation("f1", new StateId(1, 1, 8), OpenDelegationType.READ);
    Delegation write = writeDelegation();
    write.apply(ClientVariant.FIXED, Event.MARK_RECLAIM, null, null);

    assertThat(read.canOpenDelegated(ShareAccess.READ)).isTrue();
    assertThat(read.canOpenDelegated(ShareAccess.WRITE)).isFalse();
    assertThat(write.canOpenDelegated(ShareAccess.READ)).isFalse();
  }
}
