package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.nfs41sim.model.locking.LockTable;

/**
 * Orphaned server state: at an instant when recovery is quiet, the server holds no open and no
 * byte range for a client that the application owning it (its open owner, its lock owner: one
 * process) does not hold or is not in the middle of taking or releasing. An open is held while
 * the process has a descriptor of the file; a range while the application believes it holds it
 * (LockHeld to LockReleasing). A client's return of a delegation on the file, while it lasts, is
 * such a middle: the return holds the open context (and claims its locks) of a process that has
 * closed the file, and the CLOSE follows the return. Each is reported once, with the event that
 * granted it.
 */
final class OrphanedStateOracle {
  private final ServerView server;
  private final AppView apps;
  private final HeldLocks held;
  private final ReturnWatch returns;
  private final Consumer<Violation> out;
  private final Set<String> reported = new TreeSet<>();

  OrphanedStateOracle(ServerView server, AppView apps, HeldLocks held, ReturnWatch returns,
      Consumer<Violation> out) {
    this.server = server;
    this.apps = apps;
    this.held = held;
    this.returns = returns;
    this.out = out;
  }

  /** Checks the server's opens and locks; call only at a quiet instant. */
  void check(long nanos) {
    for (ServerView.HeldOpen o : server.opens()) {
      String client = server.ownerOf(o.clientId());
      if (apps.open(client, o.owner(), o.file()) == 0 && !apps.busyWith(client, o.owner(), o.file())
          && returns.active(client, o.file()) == null
          && reported.add("open|" + o.clientId() + "|" + o.owner() + "|" + o.file() + "|" + o.event())) {
        out.accept(new Violation(Violation.Kind.ORPHANED_STATE, o.file() + ": the server holds an open of "
            + o.owner() + "@" + client + ", which has no descriptor of the file open, with recovery quiet",
            List.of(o.event()), nanos));
      }
    }
    List<HeldLocks.Held> believed = held.all();
    for (Map.Entry<String, List<LockTable.Range>> e : server.locks().entrySet()) {
      String file = e.getKey();
      for (LockTable.Range r : e.getValue()) {
        String client = server.ownerOf(r.clientId());
        if (apps.busyWith(client, r.owner(), file) || returns.active(client, file) != null) {
          continue;
        }
        List<LockTable.Range> mine = new ArrayList<>();
        for (HeldLocks.Held h : believed) {
          if (h.file().equals(file) && h.process().equals(r.owner()) && client.equals(h.client())) {
            mine.add(new LockTable.Range(0, h.process(), h.type(), h.start(), h.end()));
          }
        }
        if (!ServerView.covers(mine, r.start(), r.end())
            && reported.add("lock|" + r.clientId() + "|" + r.owner() + "|" + file + "|" + r.start())) {
          out.accept(new Violation(Violation.Kind.ORPHANED_STATE, file + ": the server holds " + r.type() + " ["
              + r.start() + "," + (r.end() == LockTable.TO_EOF ? "EOF" : r.end()) + ") for " + r.owner() + "@"
              + client + ", which the application does not hold, with recovery quiet",
              List.of(server.lockEvent(r.clientId(), r.owner(), file)), nanos));
        }
      }
    }
  }
}
