package org.nfs41sim.sim.oracle;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.nfs41sim.model.facts.ClientFact;

/**
 * Lock safety: two lock owners (any clients, owners of one client too) never hold conflicting
 * locks at once, "hold" meaning from LockHeld to LockReleasing. Reported once per pair of owners
 * and file, with the two LockHeld events. When one of the two was forfeit in a way NFSv4 allows
 * (its client's lease expired, or its client missed a grace period; {@link ServerView#forfeit}),
 * the conflict is a {@link Loss}, with the event that forfeited it.
 */
final class LockSafetyOracle {
  private final HeldLocks held;
  private final ServerView server;
  private final EventClock clock;
  private final Consumer<Violation> out;
  private final Consumer<Loss> losses;
  private final Set<String> reported = new TreeSet<>();

  LockSafetyOracle(HeldLocks held, ServerView server, EventClock clock, Consumer<Violation> out,
      Consumer<Loss> losses) {
    this.held = held;
    this.server = server;
    this.clock = clock;
    this.out = out;
    this.losses = losses;
  }

  void lockHeld(ClientFact.LockHeld h) {
    Long end = org.nfs41sim.model.locking.LockTable.end(h.offset(), h.length());
    if (end == null) {
      return;
    }
    HeldLocks.Held mine = new HeldLocks.Held(h.client(), h.process(), h.file(), h.type(), h.offset(), end,
        clock.event());
    List<HeldLocks.Held> conflicts = held.held(h, clock.event());
    for (HeldLocks.Held other : conflicts) {
      String pair = other.process().compareTo(h.process()) < 0
          ? other.process() + "|" + h.process() + "|" + h.file()
          : h.process() + "|" + other.process() + "|" + h.file();
      if (!reported.add(pair)) {
        continue;
      }
      String what = h.file() + ": " + other.describe() + " still held when " + mine.describe() + " was granted";
      ServerView.Forfeit forfeit = server.forfeit(other.client(), other.event());
      if (forfeit == null) {
        forfeit = server.forfeit(h.client(), clock.event());
      }
      if (forfeit != null) {
        losses.accept(new Loss(forfeit.kind(), what, List.of(other.event(), clock.event(), forfeit.event()),
            clock.nanos()));
      } else {
        out.accept(new Violation(Violation.Kind.LOCK_SAFETY, what, List.of(other.event(), clock.event()),
            clock.nanos()));
      }
    }
  }
}
