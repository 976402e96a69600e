package org.nfs41sim.protocol.nfs;

/** nfs_lock_type4 (RFC 8881 §18.10.1); the W forms are blocking hints. */
public enum LockType {
  READ_LT, WRITE_LT, READW_LT, WRITEW_LT;

  public boolean writes() {
    return this == WRITE_LT || this == WRITEW_LT;
  }
}
