package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * No lost lock: at an instant when recovery is quiet, every lock an application holds is held on
 * the server for its client (so no other client can be granted a conflicting lock), or covered by
 * a delegation the server still honours for that client: a WRITE delegation covers any lock, a READ delegation read locks (the kernel caches
 * locks under any delegated open, _nfs4_proc_setlk; a write lock needs a write open). Quiet means: the server is out of grace, every client has a session of the
 * current epoch, no state manager runs, and nothing is on the wire ({@link Oracles#settled}).
 * Each held range is reported once, with its LockHeld event and the last reboot's.
 */
final class LostLockOracle {
  private final HeldLocks held;
  private final ServerView server;
  private final Consumer<Violation> out;
  private final Consumer<Loss> losses;
  private final Set<String> reported = new TreeSet<>();

  LostLockOracle(HeldLocks held, ServerView server, Consumer<Violation> out, Consumer<Loss> losses) {
    this.held = held;
    this.server = server;
    this.out = out;
    this.losses = losses;
  }

  /** Checks every held lock; call only at a quiet instant. */
  void check(long nanos) {
    for (HeldLocks.Held h : held.all()) {
      if (server.holdsLock(h.client(), h.file(), h.type(), h.start(), h.end())
          || server.coveringDelegation(h.client(), h.file(), h.type()) != null) {
        continue;
      }
      if (reported.add(h.process() + "|" + h.file() + "|" + h.start() + "|" + h.event())) {
        String what = h.file() + ": " + h.describe() + " is held by the application but neither on the server"
            + " nor under a delegation, with recovery quiet (epoch " + server.epoch() + ")";
        ServerView.Forfeit forfeit = server.forfeit(h.client(), h.event());
        if (forfeit != null) {
          losses.accept(new Loss(forfeit.kind(), what, List.of(h.event(), forfeit.event()), nanos));
          continue;
        }
        List<Long> events = new ArrayList<>(List.of(h.event()));
        if (server.rebootEvent() > h.event()) {
          events.add(server.rebootEvent());
        }
        out.accept(new Violation(Violation.Kind.LOST_LOCK, what, events, nanos));
      }
    }
  }
}
