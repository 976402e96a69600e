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

  /**
   * A recall began: the revocation timer runs and a CB_RECALL is queued for the holder's back
   * channel (dropped when it has none). Also a reclaimed WRITE delegation granted pre-recalled
   * (write-delegations), whose revocation timer runs at once.
   */
  record DelegationRecalled(int epoch, long clientId, String file, StateId stateId) implements ServerFact {}

  /**
   * The delegation ended: returned, revoked (recall-timeout, or a failed CB_RECALL with
   * recall-failure = revoke) or expired.
   */
  record DelegationEnded(int epoch, long clientId, String file, StateId stateId, Release why,
      String reason) implements ServerFact {}

  /**
   * A CB_RECALL's outcome reached the server: the client's answer ({@code status}), or, with
   * {@code status} null, no answer within the callback's time-out (the RPC timed out).
   */
  record RecallAnswered(int epoch, long clientId, String file, StateId stateId,
      org.nfs41sim.protocol.nfs.NfsStat4 status) implements ServerFact {}

  /** The state of a client's back channel as the server sees it (nfsd's cl_cb_state). */
  enum CallbackPath { UNKNOWN, UP, DOWN }

  /** The server's view of a client's back channel changed. */
  record CallbackPathChanged(int epoch, long clientId, CallbackPath path) implements ServerFact {}

  /** Why the server refused a stateid. */
  enum Refusal {
    /** Issued by an earlier boot of the server. */
    EARLIER_EPOCH,
    /** Its client's lease expired and the server forgot the client. */
    CLIENT_EXPIRED,
    /** A delegation the server revoked. */
    REVOKED,
    /** Issued to this client in this epoch, and since ended (closed, returned, released). */
    ENDED,
    /** Never issued in this epoch, or a special stateid where one is not allowed. */
    UNKNOWN,
    /** Issued to another client. */
    OTHER_CLIENT,
    /** A stateid of another kind (an open stateid where a lock stateid is needed, ...). */
    WRONG_KIND,
    /** An older generation than the server's current one. */
    OLD_GENERATION,
    /** A newer generation than the server ever handed out. */
    FUTURE_GENERATION
  }

  /**
   * A request was refused for its stateid: {@code op} (CLOSE, LOCK, LOCKU, DELEGRETURN, OPEN), the
   * status it was answered, why, and the state's current generation (0 when the state is gone).
   */
  record StateIdRefused(int epoch, long clientId, String op, StateId stateId,
      org.nfs41sim.protocol.nfs.NfsStat4 status, Refusal why, int currentSeqid) implements ServerFact {}
}
