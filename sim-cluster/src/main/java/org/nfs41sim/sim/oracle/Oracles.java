package org.nfs41sim.sim.oracle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.StateId;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.runtime.MessageRenderer;
import org.nfs41sim.sim.runtime.RunEnd;

/**
 * All the oracles of one scenario run, fed by the model's facts (through {@link #report}), by
 * every delivery (for event ids and time, and the replies and callbacks that reach clients), by
 * the settled instants (for the checks at quiet instants) and by the end of the run. Violations
 * and losses come out in the order they were seen.
 */
public final class Oracles implements Observer {
  private final EventClock clock = new EventClock();
  private final List<Violation> violations = new ArrayList<>();
  private final List<Loss> losses = new ArrayList<>();
  private final List<String> clients;
  private final LongSupplier inFlight;
  private final HeldLocks held = new HeldLocks();
  private final ServerView server = new ServerView();
  private final AppView apps = new AppView();
  private final ReturnWatch returns = new ReturnWatch(clock);
  private final LockSafetyOracle lockSafety = new LockSafetyOracle(held, server, clock, violations::add, losses::add);
  private final LostLockOracle lostLock = new LostLockOracle(held, server, violations::add, losses::add);
  private final OrphanedStateOracle orphans = new OrphanedStateOracle(server, apps, held, returns,
      violations::add);
  private final StateIdMisuseOracle stateIds = new StateIdMisuseOracle(server, clock, violations::add);
  private final UnansweredRecallOracle recalls;
  private final ServerConformanceOracle conformance = new ServerConformanceOracle(server, clock, violations::add);
  private final DelegationAccounting accounting = new DelegationAccounting(clock, violations::add);
  private final ProgressOracle progress = new ProgressOracle(clock, violations::add);
  private final Map<String, Boolean> managerRunning = new TreeMap<>();
  private boolean finished;

  /**
   * @param clients the client hosts of the run (all must be in the current epoch for quiet)
   * @param inFlight how many messages are on the wire now
   * @param recallTimeout the server's recall time-out: a revocation before it is a policy's, not a timed-out recall
   */
  public Oracles(List<String> clients, LongSupplier inFlight, Duration recallTimeout) {
    this.clients = List.copyOf(clients);
    this.inFlight = inFlight;
    this.recalls = new UnansweredRecallOracle(server, clock, violations::add, recallTimeout.toNanos());
  }

  /**
   * A delivery begins: facts reported until the next one belong to it. {@code cause} is the event
   * that sent it, {@code receiver} the actor path it goes to, {@code message} what it carries.
   */
  public void delivered(long event, long nanos, long cause, String receiver, Object message) {
    clock.at(event, nanos, cause);
    Object payload = MessageRenderer.payload(message);
    if (payload instanceof NfsReply reply) {
      stateIds.delivered(event, Host.of(receiver), reply);
    } else if (payload instanceof Server.Callback callback) {
      recalls.delivered(event, Host.of(receiver), callback.recall());
    }
  }

  /** A fault dropped or held back the CB_RECALL of this delegation. */
  public void callbackFaulted(StateId recalled) {
    recalls.callbackFaulted(recalled);
  }

  /** A fault cut {@code client} off from the server, or the cut healed. */
  public void cutOff(String client, boolean cut) {
    recalls.cutOff(client, cut);
  }

  @Override
  public void report(Fact fact) {
    if (fact instanceof ServerFact s) {
      conformance.report(s); // before the view: a grant is judged against what was outstanding
      server.report(s, clock.event());
      recalls.report(s);
      if (s instanceof ServerFact.StateIdRefused r) {
        stateIds.refused(r);
      }
    } else if (fact instanceof ClientFact.OpStarted o) {
      apps.started(o);
    } else if (fact instanceof ClientFact.OpReturned o) {
      apps.returned(o);
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

  /**
   * Nothing is runnable at {@code nanos}: if recovery is quiet, no application lock may be lost
   * and the server may hold nothing the applications do not.
   */
  public void settled(long nanos) {
    clock.time(nanos);
    if (quiet()) {
      lostLock.check(nanos);
      orphans.check(nanos);
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

  /** What the applications lost in ways NFSv4 allows, apart from the violations. */
  public List<Loss> losses() {
    return List.copyOf(losses);
  }

  public ReturnWatch returns() {
    return returns;
  }
}
