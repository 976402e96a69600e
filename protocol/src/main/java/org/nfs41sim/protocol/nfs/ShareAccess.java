package org.nfs41sim.protocol.nfs;

/** OPEN4_SHARE_ACCESS_* (RFC 8881 §18.16.1). */
public enum ShareAccess {
  READ(1), WRITE(2), BOTH(3);

  /** The bit mask: READ = 1, WRITE = 2. */
  public final int bits;

  ShareAccess(int bits) {
    this.bits = bits;
  }

  public static ShareAccess ofBits(int bits) {
    return switch (bits) {
      case 1 -> READ;
      case 2 -> WRITE;
      case 3 -> BOTH;
      default -> null;
    };
  }

  public boolean writes() {
    return (bits & 2) != 0;
  }
}
