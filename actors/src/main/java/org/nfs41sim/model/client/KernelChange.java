package org.nfs41sim.model.client;

/**
 * A kernel change a client variant may contain: d25be546a86f and the later members of its series
 * (docs/model.md lists which variant has which, and the kernel version each behaviour is read at).
 * The model tests changes, never variant names, so that a variant is exactly its list.
 */
public enum KernelChange {
  /**
   * d25be546a86f, "NFSv4.1: Don't lose locks when a server reboots during delegation return": the
   * delegation stays attached and RETURNING while its opens and locks are claimed, without the
   * inode's rwsem; a changed so_reclaim_seqcount, or a session or stale error of a claim LOCK,
   * is -EAGAIN; a synchronous return waits for recovery and rescans, any other end aborts and
   * re-queues the return; can_open_delegated and update_open_stateid ignore a RETURNING
   * delegation.
   */
  RETURN_WHILE_ATTACHED("d25be546a86f"),
  /**
   * "NFSv4.1: Ensure delegation recall and byte range lock removal don't conflict": the open
   * owner's so_delegreturn_mutex around each owner's claim, around the local unlock, and a LOCKU
   * sent only for a lock owner the server knows (NFS_LOCK_INITIALIZED).
   */
  DELEGRETURN_MUTEX("Ensure delegation recall and byte range lock removal don't conflict"),
  /**
   * "NFSv4: Fix a reboot recovery race when opening a file": so_reclaim_seqcount read around an
   * OPEN; a change means recovery missed the new open, which is then recovered (stateid recovery).
   */
  OPEN_RECLAIM_SEQCOUNT("Fix a reboot recovery race when opening a file"),
  /**
   * The rest of the series and 3.10.y's own fixes in the paths the model covers, read at
   * v3.10.108: nfs4_handle_delegation_recall_error shared by the claim OPEN and LOCK, which
   * carries "NFSv4: Fix up the return values of nfs4_open_delegation_recall" (a claim OPEN's
   * session and stale errors are -EAGAIN with NFS_DELEGATED_STATE set again), DELAY and GRACE as
   * a second's sleep and -EAGAIN, and a revoked or bad delegation stateid as stateid recovery and
   * -EAGAIN; nfs4_delegreturn_done counting a revoked, bad or old stateid as returned and waiting
   * for recovery before it sends DELEGRETURN again; nfs4_lock_prepare sending
   * state->open_stateid rather than state->stateid.
   */
  V3_10_Y("3.10.y"),
  /**
   * 11476e9dec39, "NFS: Fix an LOCK/OPEN race when unlinking an open file" (v4.6, a fix of
   * 24311f884189 from this series): _nfs4_proc_setlk takes the open owner's so_delegreturn_mutex
   * around its NFS_DELEGATED_STATE test, so a LOCK cannot be built from a state whose claim OPEN
   * is still on the wire (it went out with an all-zero open stateid and met BAD_STATEID). Not in
   * 3.10.y: the model's fixed variant carries it as the later commit closing a race it finds.
   */
  LOCK_DELEGRETURN_MUTEX("11476e9dec39"),
  /**
   * 5eb8d18ca0e0, "NFSv4: Fix delegation state recovery" (v5.3, a fix of 24311f884189 from this
   * series): a claim keeps NFS_DELEGATED_STATE until its OPEN succeeded, then clears it
   * (nfs_state_clear_delegation: state->stateid back to the open stateid), and the recall error
   * handler no longer sets it again. In 3.10.y a claim LOCK's error after a successful claim
   * OPEN sets it on a state whose stateid is the open stateid: no rescan finds it again, and every
   * later lock of the open is cached locally, without a delegation (docs/model.md). Not in 3.10.y:
   * the fixed variant carries it as the later commit closing that race.
   */
  CLAIM_KEEPS_DELEGATED_STATE("5eb8d18ca0e0");

  private final String commit;

  KernelChange(String commit) {
    this.commit = commit;
  }

  /** The commit id or title, as docs/model.md names it. */
  public String commit() {
    return commit;
  }
}
