package org.nfs41sim.model.facts;

import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * What the server reports: grants and releases of opens, locks and delegations, recalls,
 * revocations, reboots and the grace period. Every fact carries the boot epoch it happened in. A
 * reboot releases all volatile state at once; {@link Rebooted} stands for all of it.
 */
public sealed interface ServerFact extends Fact {
  int epoch();

  /** Why state ended. */
  enum Release { CLOSED, UNLOCKED, RETURNED, REVOKED, EXPIRED }

  record Rebooted(int epoch) implements ServerFact {}

  record GraceStarted(int epoch) implements ServerFact {}

  /** {@code early}: every client known before the reboot had done RECLAIM_COMPLETE. */
  record GraceEnded(int epoch, boolean early) implements ServerFact {}

  record SessionCreated(int epoch, long clientId, String ownerId, long sessionId) implements ServerFact {}

  record ClientExpired(int epoch, long clientId, String ownerId) implements ServerFact {}

  /** The lease expired but the client keeps its state as a courtesy client (§8.3). */
  record ClientCourtesy(int epoch, long clientId, String ownerId) implements ServerFact {}

  record OpenGranted(int epoch, long clientId, String owner, String file, StateId stateId,
      ShareAccess access, ShareDeny deny, OpenClaimType claim) implements ServerFact {}

  record OpenReleased(int epoch, long clientId, String owner, String file, StateId stateId,
      Release why) implements ServerFact {}

  /** A byte range now held by {@code lockOwner}; it replaces what the owner held in that range. */
  record LockGranted(int epoch, long clientId, String lockOwner, String file, LockType type,
      long offset, long length, boolean reclaim) implements ServerFact {}

  /** A byte range {@code lockOwner} no longer holds. */
  record LockReleased(int epoch, long clientId, String lockOwner, String file, long offset,
      long length, Release why) implements ServerFact {}

  record DelegationGranted(int epoch, long clientId, String file, StateId stateId,
      OpenDelegationType type, boolean reclaim, boolean preRecalled) implements ServerFact {}

  /** CB_RECALL sent (or a reclaimed delegation granted pre-recalled). */
  record DelegationRecalled(int epoch, long clientId, String file, StateId stateId) implements ServerFact {}

  /** The delegation ended: returned, revoked (recall time-out or a failed CB_RECALL) or expired. */
  record DelegationEnded(int epoch, long clientId, String file, StateId stateId, Release why,
      String reason) implements ServerFact {}
}
