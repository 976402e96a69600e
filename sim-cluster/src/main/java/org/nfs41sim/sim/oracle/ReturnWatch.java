package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nfs41sim.model.facts.ClientFact;

/**
 * Delegation returns in progress, from the client's facts and the same way for both variants: a
 * return starts when an attached delegation becomes RETURNING or DETACHED (the fixed and the
 * legacy start) and ends at its ReturnEnded (DELEGRETURN answered, a give-up or an abort). A
 * reboot whose instant falls inside a return counts once per (reboot, return) pair.
 */
public final class ReturnWatch {
  /** A return in progress: where, of which delegation, since which event; its claim RPCs so far. */
  public static final class Return {
    final String client;
    final String file;
    final long delegation;
    final long startEvent;
    private int claims;

    Return(String client, String file, long delegation, long startEvent) {
      this.client = client;
      this.file = file;
      this.delegation = delegation;
      this.startEvent = startEvent;
    }

    /** One more claim RPC of this return reached the server; how many so far. */
    public int claimed() {
      return ++claims;
    }

    public int claims() {
      return claims;
    }
  }

  private final EventClock clock;
  private final Map<String, String> lastState = new TreeMap<>();  // client|delegation -> state
  private final Map<String, Return> active = new TreeMap<>();     // client|file -> return
  private final List<String> rebootsDuringReturns = new ArrayList<>();
  private final Map<String, Long> started = new TreeMap<>(); // client -> returns started so far

  public ReturnWatch(EventClock clock) {
    this.clock = clock;
  }

  public void report(org.nfs41sim.model.facts.Fact fact) {
    if (fact instanceof ClientFact.DelegationChanged d) {
      String key = d.client() + "|" + d.delegation();
      String before = lastState.put(key, d.state());
      boolean starts = d.state().equals("RETURNING") || d.state().equals("DETACHED");
      if (starts && (before == null || before.equals("ATTACHED"))) {
        active.put(d.client() + "|" + d.file(), new Return(d.client(), d.file(), d.delegation(), clock.event()));
        started.merge(d.client(), 1L, Long::sum);
      }
    } else if (fact instanceof ClientFact.ReturnEnded e) {
      Return r = active.get(e.client() + "|" + e.file());
      if (r != null && r.delegation == e.delegation()) {
        active.remove(e.client() + "|" + e.file());
      }
    } else if (fact instanceof org.nfs41sim.model.facts.ServerFact.Rebooted) {
      for (Return r : active.values()) {
        rebootsDuringReturns.add("reboot at event " + clock.event() + " during the return of " + r.file + " by "
            + r.client + " (started at event " + r.startEvent + ")");
      }
    }
  }

  /** The return of {@code client} on {@code file} in progress, or null. */
  public Return active(String client, String file) {
    return active.get(client + "|" + file);
  }

  /** How many returns are in progress now: of {@code client}, or of every client when null. */
  public int activeCount(String client) {
    return (int) active.values().stream().filter(r -> client == null || r.client.equals(client)).count();
  }

  /** How many returns {@code client} has started so far. */
  public long startedCount(String client) {
    return started.getOrDefault(client, 0L);
  }

  /** The (reboot, return) pairs so far, described. */
  public List<String> rebootsDuringReturns() {
    return List.copyOf(rebootsDuringReturns);
  }
}
