package org.nfs41sim.model.client;

import org.nfs41sim.protocol.nfs.NfsStat4;

/**
 * What a delegation return's claim does with the status of its RPC: the kernel's recall error
 * handlers, one table per variant (docs/model.md, "Claim errors"). The return carries the outcome
 * out; this class only decides it.
 *
 * <ul>
 *   <li>v3.6, the LEGACY client: nfs4_open_delegation_recall and nfs4_lock_delegation_recall.
 *   <li>d25be546a86f, the SEED client: v3.6's open recall; the lock recall turns a session or stale
 *       error into -EAGAIN with NFS_DELEGATED_STATE set again (as v3.9.6 reads; the hunk's commit
 *       is inferred, docs/model.md).
 *   <li>3.10.y, the FIXED client: nfs4_handle_delegation_recall_error for both, without the
 *       set_bit calls 5eb8d18ca0e0 removed.
 * </ul>
 */
final class RecallErrors {
  private RecallErrors() {}

  /** What the claim does next. */
  enum Action {
    /** The RPC succeeded. */
    OK,
    /** nfs4_handle_exception: nfs4_delay's back-off, then the same RPC again, in place. */
    RETRY,
    /** ssleep(1), then -EAGAIN. */
    SLEEP_THEN_AGAIN,
    /** -EAGAIN at once: a synchronous return waits for recovery and rescans, any other aborts. */
    AGAIN,
    /** err = 0: the claim goes on (a lock that was denied is dropped, "kill_proc(SIGLOST)"). */
    GO_ON,
    /** The error itself goes back: the return gives up (LEGACY) or aborts. */
    FAIL
  }

  /** Which recovery the handler schedules before it returns. */
  enum Recovery {
    NONE,
    /** nfs4_schedule_session_recovery: SESSION_RESET (BIND_CONN_TO_SESSION for CONN_NOT_BOUND). */
    SESSION,
    /** nfs4_schedule_lease_recovery: CHECK_LEASE. */
    LEASE,
    /** nfs4_schedule_stateid_recovery: this open state to the NOGRACE pass. */
    STATEID,
    /** nfs_inode_find_state_and_recover as well: every state still delegated under the stateid too. */
    DELEGATION_STATEID,
    /** EXPIRED in v3.6's lock recall: stateid recovery, then lease recovery. */
    STATEID_AND_LEASE
  }

  /** The handler's decision; {@code setDelegated}: set_bit(NFS_DELEGATED_STATE) again. */
  record Outcome(Action action, Recovery recovery, boolean setDelegated) {
    static Outcome of(Action action) {
      return new Outcome(action, Recovery.NONE, false);
    }
  }

  /** The claim OPEN (CLAIM_DELEG_CUR_FH) answered {@code status}. */
  static Outcome openRecall(ClientVariant variant, NfsStat4 status) {
    if (variant.has(KernelChange.V3_10_Y)) {
      return handleDelegationRecallError(variant, status);
    }
    // v3.6 nfs4_open_delegation_recall, fs/nfs/nfs4proc.c
    if (status == NfsStat4.NFS4_OK) {
      return Outcome.of(Action.OK);
    } else if (isSessionError(status)) {
      return new Outcome(Action.FAIL, Recovery.SESSION, false);
    } else if (status == NfsStat4.NFS4ERR_STALE_CLIENTID || status == NfsStat4.NFS4ERR_STALE_STATEID
        || status == NfsStat4.NFS4ERR_EXPIRED) {
      return new Outcome(Action.FAIL, Recovery.LEASE, false); // "Don't recall a delegation if it was lost"
    } else if (isRevoked(status)) {
      return new Outcome(Action.GO_ON, Recovery.DELEGATION_STATEID, false); // "The show must go on"
    } else if (status == NfsStat4.NFS4ERR_DELAY || status == NfsStat4.NFS4ERR_GRACE) {
      return Outcome.of(Action.RETRY); // the default case: nfs4_handle_exception, nfs4_delay
    }
    return Outcome.of(Action.FAIL); // nfs4_handle_exception has no retry for it: mapped and returned
  }

  /** A claim LOCK (nfs4_lock_delegation_recall, NFS_LOCK_NEW) answered {@code status}. */
  static Outcome lockRecall(ClientVariant variant, NfsStat4 status) {
    if (variant.has(KernelChange.V3_10_Y)) {
      return handleDelegationRecallError(variant, status);
    }
    boolean seed = variant.has(KernelChange.RETURN_WHILE_ATTACHED);
    // v3.6 nfs4_lock_delegation_recall; with the seed, its session and stale cases as v3.9.6 reads.
    if (status == NfsStat4.NFS4_OK) {
      return Outcome.of(Action.OK);
    } else if (status == NfsStat4.NFS4ERR_STALE_CLIENTID || status == NfsStat4.NFS4ERR_STALE_STATEID) {
      return seed ? new Outcome(Action.AGAIN, Recovery.LEASE, true) : new Outcome(Action.FAIL, Recovery.LEASE, false);
    } else if (status == NfsStat4.NFS4ERR_EXPIRED) {
      return seed ? new Outcome(Action.AGAIN, Recovery.LEASE, false)
          : new Outcome(Action.FAIL, Recovery.STATEID_AND_LEASE, false);
    } else if (isSessionError(status)) {
      return seed ? new Outcome(Action.AGAIN, Recovery.SESSION, true) : new Outcome(Action.FAIL, Recovery.SESSION, false);
    } else if (isRevoked(status) || status == NfsStat4.NFS4ERR_OPENMODE) {
      return new Outcome(Action.GO_ON, Recovery.STATEID, false);
    } else if (status == NfsStat4.NFS4ERR_DENIED) {
      return Outcome.of(Action.GO_ON); // the lock is left only locally
    } else if (status == NfsStat4.NFS4ERR_DELAY) {
      return Outcome.of(Action.RETRY);
    }
    return Outcome.of(Action.FAIL); // GRACE among them: "unhandled error", returned
  }

  /**
   * 3.10.y nfs4_handle_delegation_recall_error (fs/nfs/nfs4proc.c); with 5eb8d18ca0e0 it no longer
   * sets NFS_DELEGATED_STATE again on the session, stale, DELAY and GRACE errors.
   */
  private static Outcome handleDelegationRecallError(ClientVariant variant, NfsStat4 status) {
    boolean set = !variant.has(KernelChange.CLAIM_KEEPS_DELEGATED_STATE);
    if (status == NfsStat4.NFS4_OK) {
      return Outcome.of(Action.OK);
    } else if (isSessionError(status)) {
      return new Outcome(Action.AGAIN, Recovery.SESSION, set);
    } else if (status == NfsStat4.NFS4ERR_STALE_CLIENTID || status == NfsStat4.NFS4ERR_STALE_STATEID) {
      return new Outcome(Action.AGAIN, Recovery.LEASE, set);
    } else if (status == NfsStat4.NFS4ERR_EXPIRED) {
      return new Outcome(Action.AGAIN, Recovery.LEASE, false);
    } else if (isRevoked(status) || status == NfsStat4.NFS4ERR_OPENMODE) {
      return new Outcome(Action.AGAIN, Recovery.DELEGATION_STATEID, false);
    } else if (status == NfsStat4.NFS4ERR_DELAY || status == NfsStat4.NFS4ERR_GRACE) {
      return new Outcome(Action.SLEEP_THEN_AGAIN, Recovery.NONE, set);
    } else if (status == NfsStat4.NFS4ERR_DENIED) {
      return Outcome.of(Action.GO_ON);
    }
    return Outcome.of(Action.FAIL); // "unhandled error", returned
  }

  /** The BADSESSION family nfs4_schedule_session_recovery handles. */
  static boolean isSessionError(NfsStat4 status) {
    return status == NfsStat4.NFS4ERR_BADSESSION || status == NfsStat4.NFS4ERR_CONN_NOT_BOUND_TO_SESSION;
  }

  private static boolean isRevoked(NfsStat4 status) {
    return status == NfsStat4.NFS4ERR_DELEG_REVOKED || status == NfsStat4.NFS4ERR_ADMIN_REVOKED
        || status == NfsStat4.NFS4ERR_BAD_STATEID;
  }
}
