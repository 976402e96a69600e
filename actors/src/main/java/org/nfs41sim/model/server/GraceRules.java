package org.nfs41sim.model.server;

import org.nfs41sim.protocol.nfs.NfsStat4;

/** The grace-period rules of RFC 8881 §8.4.2 - §8.4.3 and §18.51.3, as two pure functions. */
final class GraceRules {
  private GraceRules() {}

  /**
   * A reclaim (OPEN CLAIM_PREVIOUS, LOCK with reclaim set): allowed only during grace, before the
   * client's RECLAIM_COMPLETE, and from a client the server's stable storage knew before the
   * reboot; otherwise NFS4ERR_NO_GRACE. Null when allowed.
   */
  static NfsStat4 reclaim(boolean inGrace, boolean knownBeforeReboot, boolean reclaimComplete) {
    if (!inGrace || reclaimComplete || !knownBeforeReboot) {
      return NfsStat4.NFS4ERR_NO_GRACE;
    }
    return null;
  }

  /**
   * A non-reclaim OPEN, LOCK or LOCKT: NFS4ERR_GRACE during grace, for every client (§8.4.2), and
   * from any client that has not yet sent its global RECLAIM_COMPLETE (§18.51.3: a new client id
   * must send one before its first non-reclaim locking operation). Null otherwise.
   */
  static NfsStat4 nonReclaim(boolean inGrace, boolean reclaimComplete) {
    return inGrace || !reclaimComplete ? NfsStat4.NFS4ERR_GRACE : null;
  }
}
