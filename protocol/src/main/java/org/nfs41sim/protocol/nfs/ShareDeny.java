package org.nfs41sim.protocol.nfs;

/** OPEN4_SHARE_DENY_* (RFC 8881 §18.16.1). */
public enum ShareDeny {
  NONE(0), READ(1), WRITE(2), BOTH(3);

  /** The bit mask: READ = 1, WRITE = 2. */
  public final int bits;

  ShareDeny(int bits) {
    this.bits = bits;
  }

  public static ShareDeny ofBits(int bits) {
    return switch (bits) {
      case 0 -> NONE;
      case 1 -> READ;
      case 2 -> WRITE;
      case 3 -> BOTH;
      default -> null;
    };
  }
}
