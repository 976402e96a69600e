package org.nfs41sim.model.locking;

import java.util.ArrayList;
import java.util.List;
import org.nfs41sim.protocol.nfs.LockType;

/**
 * The byte-range locks of one file: the server's lock state (RFC 8881 §18.10), and the client's
 * VFS lock list (POSIX locks of its processes). The same rule serves both. Offsets are unsigned 64-bit; a range is [start, end) with
 * {@link #TO_EOF} as the end of a lock that runs to the end of the file. A lock owner's new lock
 * replaces whatever it held in that range (POSIX semantics, as Linux's nfsd gives), so LOCK is
 * also how an owner upgrades or downgrades a range.
 */
public final class LockTable {
  /** The end of a range whose length was NFS4_UINT64_MAX (RFC 8881 §18.10.3). */
  public static final long TO_EOF = -1L;

  /** One held range. */
  public record Range(long clientId, String owner, LockType type, long start, long end) {
    public boolean overlaps(long s, long e) {
      return Long.compareUnsigned(start, e) < 0 && Long.compareUnsigned(s, end) < 0;
    }

    public boolean ownedBy(long client, String lockOwner) {
      return clientId == client && owner.equals(lockOwner);
    }

    /** The length as LOCK4denied reports it. */
    public long length() {
      return end == TO_EOF ? TO_EOF : end - start;
    }
  }

  private final List<Range> ranges = new ArrayList<>();

  /**
   * The end of [offset, offset + length), or null when the range is invalid (RFC 8881 §18.10.4:
   * a length of 0, or an offset + length past 2^64 - 1, is NFS4ERR_INVAL).
   */
  public static Long end(long offset, long length) {
    if (length == 0) {
      return null;
    }
    if (length == TO_EOF) {
      return TO_EOF;
    }
    if (Long.compareUnsigned(offset, TO_EOF - length) > 0) {
      return null;
    }
    return offset + length;
  }

  /**
   * The conflict rule (§18.10): a held range conflicts when it overlaps, belongs to another lock
   * owner (owners of one client conflict too) and one of the two locks is a write lock.
   */
  public static boolean conflicts(Range held, long clientId, String owner, LockType type, long start, long end) {
    return held.overlaps(start, end)
        && !held.ownedBy(clientId, owner)
        && (held.type().writes() || type.writes());
  }

  /** The first held range that conflicts with the lock asked for, or null. */
  public Range conflict(long clientId, String owner, LockType type, long start, long end) {
    for (Range r : ranges) {
      if (conflicts(r, clientId, owner, type, start, end)) {
        return r;
      }
    }
    return null;
  }

  /** Gives {@code owner} [start, end) as {@code type}, replacing what it held there. */
  public void lock(long clientId, String owner, LockType type, long start, long end) {
    unlock(clientId, owner, start, end);
    ranges.add(new Range(clientId, owner, type, start, end));
    ranges.sort((a, b) -> a.start() != b.start() ? Long.compareUnsigned(a.start(), b.start())
        : a.owner().compareTo(b.owner()));
  }

  /** Takes [start, end) away from {@code owner}, splitting ranges that stick out of it. */
  public void unlock(long clientId, String owner, long start, long end) {
    List<Range> kept = new ArrayList<>(ranges.size() + 1);
    for (Range r : ranges) {
      if (!r.ownedBy(clientId, owner) || !r.overlaps(start, end)) {
        kept.add(r);
        continue;
      }
      if (Long.compareUnsigned(r.start(), start) < 0) {
        kept.add(new Range(clientId, owner, r.type(), r.start(), start));
      }
      if (end != TO_EOF && Long.compareUnsigned(end, r.end()) < 0) {
        kept.add(new Range(clientId, owner, r.type(), end, r.end()));
      }
    }
    ranges.clear();
    ranges.addAll(kept);
  }

  /** Whether {@code owner} holds any range. */
  public boolean holds(long clientId, String owner) {
    return ranges.stream().anyMatch(r -> r.ownedBy(clientId, owner));
  }

  /** Removes and returns every range of {@code owner}. */
  public List<Range> removeOwner(long clientId, String owner) {
    List<Range> removed = ranges.stream().filter(r -> r.ownedBy(clientId, owner)).toList();
    ranges.removeAll(removed);
    return removed;
  }

  public void clear() {
    ranges.clear();
  }

  public List<Range> ranges() {
    return List.copyOf(ranges);
  }
}
