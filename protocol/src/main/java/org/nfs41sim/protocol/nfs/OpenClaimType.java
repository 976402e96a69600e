package org.nfs41sim.protocol.nfs;

/** open_claim_type4 values the model uses (RFC 8881 §18.16.1, §18.16.3). */
public enum OpenClaimType {
  /** A new open by directory and name. */
  CLAIM_NULL,
  /** A new open by file handle (4.1). */
  CLAIM_FH,
  /** A reclaim after a server restart, with the delegation type claimed. */
  CLAIM_PREVIOUS,
  /** An open under a delegation the client holds, by file handle (4.1). */
  CLAIM_DELEG_CUR_FH
}
