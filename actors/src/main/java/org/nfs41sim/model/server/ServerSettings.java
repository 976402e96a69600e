package org.nfs41sim.model.server;

import java.time.Duration;
import java.util.List;

/**
 * The server's constants and policies (config keys {@code nfs41sim.server.*}), validated by the
 * harness that reads them. The defaults make the server behave as Linux nfsd of 3.6 - 3.10; each
 * policy that differs from nfsd is an alternative RFC 8881 allows (docs/server.md lists them with
 * their sections). {@code courtesy}: a client whose lease expired keeps its state until another
 * client needs that file (§8.3; not in nfsd 3.x). {@code files} is the file set, declared up front.
 *
 * @param writeDelegations grant WRITE delegations for write opens (§10.4); nfsd 3.x never does
 * @param recallFailure what a failed CB_RECALL does
 * @param delegCurInGrace whether OPEN CLAIM_DELEG_CUR_FH is refused during grace and before the
 *     client's RECLAIM_COMPLETE (nfsd) or allowed (§18.16.3)
 * @param closeWithLocks what CLOSE does while the open's lock owners hold locks
 * @param restartReclaimNeeded set SEQ4_STATUS_RESTART_RECLAIM_NEEDED after a restart until the
 *     client's RECLAIM_COMPLETE (§18.46.3); nfsd never sets it
 */
public record ServerSettings(
    Duration leaseTime,
    Duration gracePeriod,
    Duration recallTimeout,
    DelegationPolicy delegationPolicy,
    boolean graceEndsEarly,
    boolean courtesy,
    boolean writeDelegations,
    RecallFailure recallFailure,
    DelegCurInGrace delegCurInGrace,
    CloseWithLocks closeWithLocks,
    boolean restartReclaimNeeded,
    List<String> files) {

  /** When the server hands out delegations (RFC 8881 §10.4 leaves it to the server). */
  public enum DelegationPolicy {
    /** Whenever the grant rules allow it. */
    ALWAYS,
    /** Never. */
    NEVER,
    /** Only when no other client holds an open or a delegation on the file. */
    UNCONTENDED
  }

  /** What a CB_RECALL answered with an error, or not answered, does. */
  public enum RecallFailure {
    /** nfsd 3.x nfsd4_cb_recall_done: resend once after 2 s, mark the back channel down; never revoke. */
    RETRY,
    /** §20.2.4: an answer other than OK or DELAY completes the recall, and the server revokes at once (§10.4.6). */
    REVOKE
  }

  /** OPEN CLAIM_DELEG_CUR_FH during grace and before the client's RECLAIM_COMPLETE. */
  public enum DelegCurInGrace {
    /** nfsd 3.x nfsd4_open: GRACE, like every claim but CLAIM_PREVIOUS. */
    REFUSE,
    /** §18.16.3: valid both during and after grace. */
    ALLOW
  }

  /** CLOSE while a lock owner of the open still holds locks (§18.2.3 allows both). */
  public enum CloseWithLocks {
    /** nfsd 3.x release_stateid_lockowners: the locks go with the open. */
    RELEASE,
    /** NFS4ERR_LOCKS_HELD. */
    REFUSE
  }

  /** The laundromat sweeps ten times per lease: a lease expires within a tenth of a lease late. */
  public Duration laundromatInterval() {
    return leaseTime.dividedBy(10);
  }

  /** How long a CB_RECALL may go unanswered: max(lease / 10, 1 s) (nfsd 3.6 max_cb_time). */
  public Duration callbackTimeout() {
    Duration tenth = leaseTime.dividedBy(10);
    return tenth.compareTo(Duration.ofSeconds(1)) > 0 ? tenth : Duration.ofSeconds(1);
  }
}
