package org.nfs41sim.protocol.nfs;

/** The nfsstat4 values the model uses, named and numbered as in RFC 8881 §15.1. */
public enum NfsStat4 {
  NFS4_OK(0),
  NFS4ERR_NOENT(2),
  NFS4ERR_INVAL(22),
  NFS4ERR_BADHANDLE(10001),
  NFS4ERR_NOTSUPP(10004),
  NFS4ERR_SERVERFAULT(10006),
  NFS4ERR_DELAY(10008),
  NFS4ERR_DENIED(10010),
  NFS4ERR_EXPIRED(10011),
  NFS4ERR_GRACE(10013),
  NFS4ERR_SHARE_DENIED(10015),
  NFS4ERR_STALE_CLIENTID(10022),
  NFS4ERR_STALE_STATEID(10023),
  NFS4ERR_OLD_STATEID(10024),
  NFS4ERR_BAD_STATEID(10025),
  NFS4ERR_NO_GRACE(10033),
  NFS4ERR_RECLAIM_BAD(10034),
  NFS4ERR_RECLAIM_CONFLICT(10035),
  NFS4ERR_BADXDR(10036),
  NFS4ERR_LOCKS_HELD(10037),
  NFS4ERR_OPENMODE(10038),
  NFS4ERR_ADMIN_REVOKED(10047),
  NFS4ERR_BADSESSION(10052),
  NFS4ERR_COMPLETE_ALREADY(10054),
  NFS4ERR_CONN_NOT_BOUND_TO_SESSION(10055),
  NFS4ERR_DELEG_REVOKED(10087);

  private final int code;

  NfsStat4(int code) {
    this.code = code;
  }

  /** The value on the wire. */
  public int code() {
    return code;
  }

  /** The status with wire value {@code code}, or null when the model does not know it. */
  public static NfsStat4 ofCode(int code) {
    for (NfsStat4 s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }

  /** The name without its prefix, as traces print it: {@code OK}, {@code DELAY}. */
  public String shortName() {
    return this == NFS4_OK ? "OK" : name().substring("NFS4ERR_".length());
  }
}
