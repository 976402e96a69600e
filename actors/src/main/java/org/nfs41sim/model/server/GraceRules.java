package org.nfs41sim.model.server;

import org.nfs41sim.protocol.nfs.NfsStat4;

/**
 * The grace-period rules of nfsd 3.6 - 3.10 (nfsd4_open, nfs4_check_open_reclaim, nfsd4_lock,
 * nfsd4_lockt), as pure functions; each answers null when the operation may go on. RFC 8881
 * §8.4.2 - §8.4.3 and §18.51.3 allow them; docs/server.md says where the RFC would allow more.
 */
final class GraceRules {
  private GraceRules() {}

  /**
   * OPEN with any claim but CLAIM_PREVIOUS: NFS4ERR_GRACE at any time before the client's
   * RECLAIM_COMPLETE (nfsd 3.6 nfsd4_open) and during grace, for every client.
   */
  static NfsStat4 openNonReclaim(boolean inGrace, boolean reclaimComplete) {
    return inGrace || !reclaimComplete ? NfsStat4.NFS4ERR_GRACE : null;
  }

  /**
   * OPEN CLAIM_PREVIOUS: NFS4ERR_NO_GRACE outside grace (nfsd 3.6 nfsd4_open); in grace
   * NFS4ERR_RECLAIM_BAD from a client stable storage has no record of (nfsd 3.6
   * nfs4_check_open_reclaim). The client's RECLAIM_COMPLETE does not matter.
   */
  static NfsStat4 openReclaim(boolean inGrace, boolean recorded) {
    if (!inGrace) {
      return NfsStat4.NFS4ERR_NO_GRACE;
    }
    return recorded ? null : NfsStat4.NFS4ERR_RECLAIM_BAD;
  }

  /**
   * LOCK: a non-reclaim in grace gets NFS4ERR_GRACE, a reclaim outside grace NFS4ERR_NO_GRACE
   * (nfsd 3.6 nfsd4_lock); no RECLAIM_COMPLETE and no stable-storage check.
   */
  static NfsStat4 lock(boolean inGrace, boolean reclaim) {
    if (reclaim) {
      return inGrace ? null : NfsStat4.NFS4ERR_NO_GRACE;
    }
    return inGrace ? NfsStat4.NFS4ERR_GRACE : null;
  }

  /** LOCKT: NFS4ERR_GRACE in grace (nfsd 3.6 nfsd4_lockt); no RECLAIM_COMPLETE check. */
  static NfsStat4 lockt(boolean inGrace) {
    return inGrace ? NfsStat4.NFS4ERR_GRACE : null;
  }
}
