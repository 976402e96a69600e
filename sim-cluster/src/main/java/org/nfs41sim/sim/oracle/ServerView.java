package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.locking.LockTable;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * What the server holds, rebuilt from its facts alone: boot epoch and grace, which client owner
 * each client id belongs to, its sessions and expiries, the opens and byte-range locks per file,
 * and the outstanding delegations.
 */
final class ServerView {
  /** An outstanding delegation and the event that granted it. */
  record Outstanding(long clientId, String file, StateId stateId, OpenDelegationType type, long event) {}

  /** An open the server holds: client id, open owner, file, and the event that granted it. */
  record HeldOpen(long clientId, String owner, String file, long event) {}

  /** A restart: its event, and the event at which its grace period ended (-1: not yet). */
  private static final class Restart {
    final long event;
    long graceEnded = -1;

    Restart(long event) {
      this.event = event;
    }
  }

  private int epoch = 1;
  private boolean inGrace;
  private long rebootEvent;
  private final Map<Long, String> ownerOf = new TreeMap<>();
  private final Map<String, Long> currentClientId = new TreeMap<>();
  private final Map<String, Integer> sessionEpoch = new TreeMap<>();
  private final Map<Long, Boolean> expired = new TreeMap<>();
  private final Map<String, LockTable> locks = new TreeMap<>();
  private final List<Outstanding> delegations = new ArrayList<>();
  /** client id|owner|file -> the open. */
  private final Map<String, HeldOpen> opens = new TreeMap<>();
  /** client owner -> the events at which one of its client ids expired. */
  private final Map<String, List<Long>> expiries = new TreeMap<>();
  /** client owner -> the events at which it created a session, in order. */
  private final Map<String, List<Long>> sessions = new TreeMap<>();
  private final List<Restart> restarts = new ArrayList<>();
  /** client id|lock owner|file -> the event of its latest LOCK granted. */
  private final Map<String, Long> lockGrants = new TreeMap<>();

  void report(ServerFact fact, long event) {
    if (fact instanceof ServerFact.Rebooted r) {
      epoch = r.epoch();
      rebootEvent = event;
      locks.clear();
      delegations.clear();
      opens.clear();
      restarts.add(new Restart(event));
    } else if (fact instanceof ServerFact.GraceStarted) {
      inGrace = true;
    } else if (fact instanceof ServerFact.GraceEnded) {
      inGrace = false;
      if (!restarts.isEmpty()) {
        restarts.get(restarts.size() - 1).graceEnded = event;
      }
    } else if (fact instanceof ServerFact.SessionCreated s) {
      ownerOf.put(s.clientId(), s.ownerId());
      currentClientId.put(s.ownerId(), s.clientId());
      sessionEpoch.put(s.ownerId(), s.epoch());
      sessions.computeIfAbsent(s.ownerId(), o -> new ArrayList<>()).add(event);
      expired.remove(s.clientId());
    } else if (fact instanceof ServerFact.OpenGranted o) {
      opens.putIfAbsent(o.clientId() + "|" + o.owner() + "|" + o.file(),
          new HeldOpen(o.clientId(), o.owner(), o.file(), event));
    } else if (fact instanceof ServerFact.OpenReleased o) {
      opens.remove(o.clientId() + "|" + o.owner() + "|" + o.file());
    } else if (fact instanceof ServerFact.ClientExpired x) {
      expired.put(x.clientId(), true);
      expiries.computeIfAbsent(x.ownerId(), o -> new ArrayList<>()).add(event);
      opens.values().removeIf(o -> o.clientId() == x.clientId());
      for (LockTable table : locks.values()) {
        table.ranges().stream().filter(r -> r.clientId() == x.clientId()).map(LockTable.Range::owner).distinct()
            .forEach(owner -> table.removeOwner(x.clientId(), owner));
      }
      delegations.removeIf(d -> d.clientId() == x.clientId());
    } else if (fact instanceof ServerFact.LockGranted g) {
      lockGrants.put(g.clientId() + "|" + g.lockOwner() + "|" + g.file(), event);
      Long end = LockTable.end(g.offset(), g.length());
      if (end != null) {
        locks.computeIfAbsent(g.file(), f -> new LockTable()).lock(g.clientId(), g.lockOwner(), g.type(),
            g.offset(), end);
      }
    } else if (fact instanceof ServerFact.LockReleased r) {
      Long end = LockTable.end(r.offset(), r.length());
      LockTable table = locks.get(r.file());
      if (end != null && table != null) {
        table.unlock(r.clientId(), r.lockOwner(), r.offset(), end);
      }
    } else if (fact instanceof ServerFact.DelegationGranted d) {
      delegations.add(new Outstanding(d.clientId(), d.file(), d.stateId(), d.type(), event));
    } else if (fact instanceof ServerFact.DelegationEnded d) {
      delegations.removeIf(o -> o.stateId().equals(d.stateId()));
    }
  }

  int epoch() {
    return epoch;
  }

  boolean inGrace() {
    return inGrace;
  }

  long rebootEvent() {
    return rebootEvent;
  }

  /** The client owner (the client's name) of a client id, or "?". */
  String ownerOf(long clientId) {
    return ownerOf.getOrDefault(clientId, "?");
  }

  /** Whether {@code client} has a session of the current epoch whose lease has not expired. */
  boolean current(String client) {
    Long id = currentClientId.get(client);
    return id != null && sessionEpoch.getOrDefault(client, 0) == epoch && !expired.containsKey(id);
  }

  /**
   * Whether the server holds [start, end) for {@code client}, so that no other client can be
   * granted a conflicting lock: ranges of the client's lock owners (the lock's own, or another
   * process's of the same client, whose local lock then waits for it) cover it, write ranges for
   * a write lock.
   */
  boolean holdsLock(String client, String file, org.nfs41sim.protocol.nfs.LockType type, long start, long end) {
    Long id = currentClientId.get(client);
    LockTable table = locks.get(file);
    if (id == null || table == null) {
      return false;
    }
    List<LockTable.Range> mine = table.ranges().stream()
        .filter(r -> r.clientId() == id && (r.type().writes() || !type.writes())).toList();
    return covers(mine, start, end);
  }

  /** Whether {@code ranges} together cover [start, end) ({@link LockTable#TO_EOF} as an end: to the end). */
  static boolean covers(List<LockTable.Range> ranges, long start, long end) {
    List<LockTable.Range> sorted = ranges.stream().sorted((a, b) -> Long.compareUnsigned(a.start(), b.start())).toList();
    long covered = start;
    for (LockTable.Range r : sorted) {
      if (r.start() <= covered && (r.end() == LockTable.TO_EOF || r.end() > covered)) {
        if (r.end() == LockTable.TO_EOF) {
          return true;
        }
        covered = r.end();
        if (end != LockTable.TO_EOF && covered >= end) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The outstanding delegation of {@code client} on {@code file} that covers a cached lock of
   * this type, or null: a WRITE delegation covers any lock; a READ delegation covers read locks,
   * since no other client can lock for writing without an open for write, which recalls it first.
   */
  Outstanding coveringDelegation(String client, String file, org.nfs41sim.protocol.nfs.LockType lock) {
    Long id = currentClientId.get(client);
    for (Outstanding d : delegations) {
      if (id != null && d.clientId() == id && d.file().equals(file)
          && (d.type() == OpenDelegationType.WRITE || !lock.writes())) {
        return d;
      }
    }
    return null;
  }

  /** The event of the latest LOCK the server granted to this lock owner on {@code file}. */
  long lockEvent(long clientId, String lockOwner, String file) {
    return lockGrants.getOrDefault(clientId + "|" + lockOwner + "|" + file, 0L);
  }

  /** The opens the server holds now. */
  List<HeldOpen> opens() {
    return List.copyOf(opens.values());
  }

  /** Every byte range the server holds now, per file. */
  Map<String, List<LockTable.Range>> locks() {
    Map<String, List<LockTable.Range>> out = new TreeMap<>();
    locks.forEach((file, table) -> out.put(file, table.ranges()));
    return out;
  }

  /**
   * Whether a lock {@code client}'s application took at {@code held} is one NFSv4 lets it lose
   * (never a violation): why, and the event that forfeited it; or null. The client's lease
   * expired after the lock was taken, or before it while the client had no new session yet (a
   * lock cached on state the server had dropped): EXPIRED_LOCK. The server restarted after it was
   * taken, or before it while the client had no session of the new boot yet, and the client had
   * no session of the new boot before its grace period ended: UNRECLAIMED_LOCK.
   */
  Forfeit forfeit(String client, long held) {
    List<Long> expiredAt = expiries.getOrDefault(client, List.of());
    List<Long> sessionAt = sessions.getOrDefault(client, List.of());
    for (long x : expiredAt) {
      if (x > held) {
        return new Forfeit(Loss.Kind.EXPIRED_LOCK, x);
      }
      boolean renewed = sessionAt.stream().anyMatch(s -> s > x && s < held);
      if (!renewed) {
        return new Forfeit(Loss.Kind.EXPIRED_LOCK, x);
      }
    }
    for (Restart r : restarts) {
      // After the lock was taken, or before it while the client had no session of the new boot
      // yet (a lock cached under a delegation the restart had dropped).
      boolean dropped = r.event > held || sessionAt.stream().noneMatch(s -> s > r.event && s < held);
      if (dropped && r.graceEnded >= 0) {
        boolean inTime = sessionAt.stream().anyMatch(s -> s > r.event && s < r.graceEnded);
        if (!inTime) {
          return new Forfeit(Loss.Kind.UNRECLAIMED_LOCK, r.event);
        }
      }
    }
    return null;
  }

  /** Why a lock was lost in a way NFSv4 allows, and the event that did it. */
  record Forfeit(Loss.Kind kind, long event) {}

  /** Outstanding delegations on {@code file} held by other client ids than {@code clientId}. */
  List<Outstanding> othersOn(String file, long clientId) {
    return delegations.stream().filter(d -> d.file().equals(file) && d.clientId() != clientId).toList();
  }
}
