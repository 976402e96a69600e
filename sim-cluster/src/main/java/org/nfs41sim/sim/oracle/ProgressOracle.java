package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.sim.runtime.RunEnd;

/**
 * Progress: application calls started and not returned at the end of the run are classified
 * (DESIGN.md, "End of a run"). A cycle in the Holds/Waits graph is a deadlock whatever ended the
 * run, reported with its edges and the events at which each waiter began to wait; without a cycle
 * an exhausted step budget is a livelock, and pending calls are stuck.
 */
final class ProgressOracle {
  private final EventClock clock;
  private final Consumer<Violation> out;
  private final WaitForGraph graph = new WaitForGraph();
  private final Map<String, Long> pending = new TreeMap<>(); // process@client -> OpStarted event
  private final Map<String, String> pendingOp = new TreeMap<>();
  private final Map<String, Long> waitEvent = new TreeMap<>();  // waiter|resource (qualified) -> event

  ProgressOracle(EventClock clock, Consumer<Violation> out) {
    this.clock = clock;
    this.out = out;
  }

  void report(Fact fact) {
    graph.report(fact);
    if (fact instanceof ClientFact.OpStarted s) {
      pending.put(s.process() + "@" + s.client(), clock.event());
      pendingOp.put(s.process() + "@" + s.client(), s.op() + " " + s.file());
    } else if (fact instanceof ClientFact.OpReturned r) {
      pending.remove(r.process() + "@" + r.client());
      pendingOp.remove(r.process() + "@" + r.client());
    } else if (fact instanceof ClientFact.Waits w) {
      waitEvent.put(w.agent() + "@" + w.client() + "|" + w.resource() + "@" + w.client(), clock.event());
    }
  }

  void finish(RunEnd end, long nanos) {
    List<WaitForGraph.Edge> cycle = graph.cycle();
    if (!cycle.isEmpty()) {
      List<Long> events = new ArrayList<>();
      for (WaitForGraph.Edge e : cycle) {
        events.add(waitEvent.getOrDefault(e.waiter() + "|" + e.resource(), 0L));
      }
      out.accept(new Violation(Violation.Kind.DEADLOCK, graph.describeCycle() + "; pending: " + describePending(),
          events, nanos));
      return;
    }
    if (end == RunEnd.STEP_BUDGET) {
      out.accept(new Violation(Violation.Kind.LIVELOCK, "the step budget ran out with no wait cycle; pending: "
          + describePending(), firstEvents(), nanos));
    } else if (!pending.isEmpty()) {
      out.accept(new Violation(Violation.Kind.STUCK, "the run ended (" + (end == null ? "failed" : end.name())
          + ") with calls pending and no wait cycle: " + describePending(), firstEvents(), nanos));
    }
  }

  private String describePending() {
    if (pendingOp.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    pendingOp.forEach((who, op) -> parts.add(who + " in " + op + " since event " + pending.get(who)));
    return String.join(", ", parts);
  }

  private List<Long> firstEvents() {
    return List.copyOf(pending.values());
  }
}
