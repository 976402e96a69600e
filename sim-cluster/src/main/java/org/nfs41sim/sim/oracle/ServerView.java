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
 * each client id belongs to, the byte-range locks per file, and the outstanding delegations.
 */
final class ServerView {
  /** An outstanding delegation and the event that granted it. */
  record Outstanding(long clientId, String file, StateId stateId, OpenDelegationType type, long event) {}

  private int epoch = 1;
  private boolean inGrace;
  private long rebootEvent;
  private final Map<Long, String> ownerOf = new TreeMap<>();
  private final Map<String, Long> currentClientId = new TreeMap<>();
  private final Map<String, Integer> sessionEpoch = new TreeMap<>();
  private final Map<Long, Boolean> expired = new TreeMap<>();
  private final Map<String, LockTable> locks = new TreeMap<>();
  private final List<Outstanding> delegations = new ArrayList<>();

  void report(ServerFact fact, long event) {
    if (fact instanceof ServerFact.Rebooted r) {
      epoch = r.epoch();
      rebootEvent = event;
      locks.clear();
      delegations.clear();
    } else if (fact instanceof ServerFact.GraceStarted) {
      inGrace = true;
    } else if (fact instanceof ServerFact.GraceEnded) {
      inGrace = false;
    } else if (fact instanceof ServerFact.SessionCreated s) {
      ownerOf.put(s.clientId(), s.ownerId());
      currentClientId.put(s.ownerId(), s.clientId());
      sessionEpoch.put(s.ownerId(), s.epoch());
      expired.remove(s.clientId());
    } else if (fact instanceof ServerFact.ClientExpired x) {
      expired.put(x.clientId(), true);
      for (LockTable table : locks.values()) {
        table.ranges().stream().filter(r -> r.clientId() == x.clientId()).map(LockTable.Range::owner).distinct()
            .forEach(owner -> table.removeOwner(x.clientId(), owner));
      }
      delegations.removeIf(d -> d.clientId() == x.clientId());
    } else if (fact instanceof ServerFact.LockGranted g) {
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
        .filter(r -> r.clientId() == id && (r.type().writes() || !type.writes()))
        .sorted((a, b) -> Long.compareUnsigned(a.start(), b.start())).toList();
    long covered = start;
    for (LockTable.Range r : mine) {
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

  /** Outstanding delegations on {@code file} held by other client ids than {@code clientId}. */
  List<Outstanding> othersOn(String file, long clientId) {
    return delegations.stream().filter(d -> d.file().equals(file) && d.clientId() != clientId).toList();
  }
}
