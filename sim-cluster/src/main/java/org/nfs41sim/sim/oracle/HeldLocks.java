package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.locking.LockTable;
import org.nfs41sim.protocol.nfs.LockType;

/**
 * The locks the applications believe they hold: from LockHeld (the lock call returned OK) to
 * LockReleasing (about to unlock), per file, with POSIX merging per process (a process is its
 * own lock owner). Each range remembers the LockHeld event that gave it.
 */
final class HeldLocks {
  /** A held range and the event of the LockHeld that gave it. */
  record Held(String client, String process, String file, LockType type, long start, long end, long event) {
    String describe() {
      return process + "@" + client + " " + type + " [" + start + "," + (end == LockTable.TO_EOF ? "EOF" : end) + ")";
    }
  }

  private final Map<String, LockTable> byFile = new TreeMap<>();
  private final Map<String, List<Held>> grants = new TreeMap<>(); // file -> LockHeld records
  private final Map<String, String> clientOf = new TreeMap<>();

  /** Applies a LockHeld; returns the held ranges of other processes it conflicts with. */
  List<Held> held(ClientFact.LockHeld h, long event) {
    Long end = LockTable.end(h.offset(), h.length());
    if (end == null) {
      return List.of();
    }
    clientOf.put(h.process(), h.client());
    LockTable table = byFile.computeIfAbsent(h.file(), f -> new LockTable());
    List<Held> conflicts = new ArrayList<>();
    for (LockTable.Range r : table.ranges()) {
      if (LockTable.conflicts(r, 0, h.process(), h.type(), h.offset(), end)) {
        conflicts.add(grantOf(h.file(), r));
      }
    }
    table.lock(0, h.process(), h.type(), h.offset(), end);
    grants.computeIfAbsent(h.file(), f -> new ArrayList<>())
        .add(new Held(h.client(), h.process(), h.file(), h.type(), h.offset(), end, event));
    return conflicts;
  }

  void releasing(ClientFact.LockReleasing r) {
    Long end = LockTable.end(r.offset(), r.length());
    LockTable table = byFile.get(r.file());
    if (end == null || table == null) {
      return;
    }
    table.unlock(0, r.process(), r.offset(), end);
    List<Held> list = grants.get(r.file());
    if (!table.holds(0, r.process())) {
      list.removeIf(g -> g.process().equals(r.process()));
    }
  }

  /** Every held range now, file by file. */
  List<Held> all() {
    List<Held> out = new ArrayList<>();
    byFile.forEach((file, table) -> table.ranges().forEach(r -> out.add(grantOf(file, r))));
    return out;
  }

  /** A held range with the latest LockHeld event of its owner that overlaps it. */
  private Held grantOf(String file, LockTable.Range r) {
    long event = 0;
    for (Held g : grants.getOrDefault(file, List.of())) {
      if (g.process().equals(r.owner()) && r.overlaps(g.start(), g.end())) {
        event = g.event();
      }
    }
    return new Held(clientOf.get(r.owner()), r.owner(), file, r.type(), r.start(), r.end(), event);
  }
}
