package org.nfs41sim.protocol.nfs;

/**
 * A stateid4 (RFC 8881 §8.2): {@code seqid} is its generation, bumped each time the state it
 * names changes; {@code epoch} and {@code serial} together are its opaque {@code other} field, the
 * server boot epoch that issued it and a number unique within that epoch.
 */
public record StateId(int seqid, int epoch, long serial) {
  /** The anonymous stateid (all zeros, §8.2.3). */
  public static final StateId ANONYMOUS = new StateId(0, 0, 0);

  /** The invalid special stateid (seqid all ones, other zero, §8.2.3), what CLOSE returns. */
  public static final StateId INVALID = new StateId(-1, 0, 0);

  /** The same state at its next generation. */
  public StateId next() {
    return new StateId(seqid + 1, epoch, serial);
  }

  /** Whether this and {@code other} name the same state, whatever their generations. */
  public boolean sameState(StateId other) {
    return other != null && epoch == other.epoch && serial == other.serial;
  }

  @Override
  public String toString() {
    return "[" + epoch + ":" + serial + "/" + seqid + "]";
  }
}
