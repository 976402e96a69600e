package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.sim.runtime.RunEnd;

/**
 * All the oracles of one scenario run, fed by the model's facts (through {@link #report}), by
 * every delivery (for event ids and time), by the settled instants (for the quiet-recovery check)
 * and by the end of the run. Violations come out in the order they were seen.
 */
public final class Oracles implements Observer {
  private final EventClock clock = new EventClock();
  private final List<Violation> violations = new ArrayList<>();
  private final List<String> clients;
  private final LongSupplier inFlight;
  private final HeldLocks held = new HeldLocks();
  private final ServerView server = new ServerView();
  private final LockSafetyOracle lockSafety = new LockSafetyOracle(held, clock, violations::add);
  private final LostLockOracle lostLock = new LostLockOracle(held, server, violations::add);
  private final ServerConformanceOracle conformance = new ServerConformanceOracle(server, clock, violations::add);
  private final DelegationAccounting accounting = new DelegationAccounting(clock, violations::add);
  private final ProgressOracle progress = new ProgressOracle(clock, violations::add);
  private final ReturnWatch returns = new ReturnWatch(clock);
  private final Map<String, Boolean> managerRunning = new TreeMap<>();
  private boolean finished;

  /**
   * @param clients the client hosts of the run (all must be in the current epoch for quiet)
   * @param inFlight how many messages are on the wire now
   */
  public Oracles(List<String> clients, LongSupplier inFlight) {
    this.clients = List.copyOf(clients);
    this.inFlight = inFlight;
  }

  /** A delivery begins: facts reported until the next one belong to it. */
  public void delivered(long event, long nanos) {
    clock.at(event, nanos);
  }

  @Override
  public void report(Fact fact) {
    if (fact instanceof ServerFact s) {
      conformance.report(s); // before the view: a grant is judged against what was outstanding
      server.report(s, clock.event());
    } else if (fact instanceof ClientFact.LockHeld h) {
      lockSafety.lockHeld(h);
    } else if (fact instanceof ClientFact.LockReleasing r) {
      held.releasing(r);
    } else if (fact instanceof ClientFact.DelegationChanged d) {
      accounting.changed(d);
    } else if (fact instanceof ClientFact.Holds h && h.resource().equals("MANAGER_RUNNING")
        && h.agent().equals("state-manager")) {
      managerRunning.put(h.client(), true);
    } else if (fact instanceof ClientFact.Released r && r.resource().equals("MANAGER_RUNNING")
        && r.agent().equals("state-manager")) {
      managerRunning.remove(r.client());
    }
    progress.report(fact);
    returns.report(fact);
  }

  /** Nothing is runnable at {@code nanos}: if recovery is quiet, no application lock may be lost. */
  public void settled(long nanos) {
    clock.time(nanos);
    if (quiet()) {
      lostLock.check(nanos);
    }
  }

  /**
   * Recovery is quiet: the server is out of grace, every client has a session of the current
   * epoch, every state manager is idle, and no message is on the wire.
   */
  public boolean quiet() {
    if (server.inGrace() || !managerRunning.isEmpty() || inFlight.getAsLong() != 0) {
      return false;
    }
    for (String client : clients) {
      if (!server.current(client)) {
        return false;
      }
    }
    return true;
  }

  /** The run ended: classify what is pending and what was never ended. Call once. */
  public List<Violation> finish(RunEnd end, long nanos) {
    if (!finished) {
      finished = true;
      accounting.finish(nanos);
      progress.finish(end, nanos);
    }
    return List.copyOf(violations);
  }

  public List<Violation> violations() {
    return List.copyOf(violations);
  }

  public ReturnWatch returns() {
    return returns;
  }
}
