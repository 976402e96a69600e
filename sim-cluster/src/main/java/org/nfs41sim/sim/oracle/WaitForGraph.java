package org.nfs41sim.sim.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.Observer;

/**
 * The wait-for graph of the kernel's wait points, built from Holds / Waits / Released facts: an
 * agent that waits for a resource waits for every agent holding it. A cycle is a deadlock in
 * DESIGN.md's sense, reported with its edges, for example {@code rwsem(inode f1) held by p2,
 * waited for by state-manager; drain held by state-manager, waited for by p2}.
 *
 * <p>Agents and resources are keyed by name in sorted maps, so the cycle found is the same in
 * every run of the same facts.
 */
public final class WaitForGraph implements Observer {
  /** One edge of a cycle: {@code waiter} waits for {@code resource}, which {@code holder} holds. */
  public record Edge(String resource, String holder, String waiter) {
    @Override
    public String toString() {
      return resource + " held by " + holder + ", waited for by " + waiter;
    }
  }

  private final Map<String, TreeSet<String>> holders = new TreeMap<>();   // resource -> agents
  private final Map<String, TreeSet<String>> waitsFor = new TreeMap<>();  // agent -> resources

  @Override
  public void report(Fact fact) {
    if (fact instanceof ClientFact.Holds h) {
      holders.computeIfAbsent(key(h.client(), h.resource()), r -> new TreeSet<>()).add(agent(h.client(), h.agent()));
      TreeSet<String> waits = waitsFor.get(agent(h.client(), h.agent()));
      if (waits != null) {
        waits.remove(key(h.client(), h.resource())); // a granted wait ends
      }
    } else if (fact instanceof ClientFact.Waits w) {
      waitsFor.computeIfAbsent(agent(w.client(), w.agent()), a -> new TreeSet<>()).add(key(w.client(), w.resource()));
    } else if (fact instanceof ClientFact.Released r) {
      // The agent no longer holds the resource, nor waits for it (a sleeper a drain's end woke).
      TreeSet<String> held = holders.get(key(r.client(), r.resource()));
      if (held != null) {
        held.remove(agent(r.client(), r.agent()));
      }
      TreeSet<String> waits = waitsFor.get(agent(r.client(), r.agent()));
      if (waits != null) {
        waits.remove(key(r.client(), r.resource()));
      }
    }
  }

  /** A cycle of waits, as its edges from the first agent (by name) on it; empty when none. */
  public List<Edge> cycle() {
    for (String start : waitsFor.keySet()) {
      List<Edge> path = new ArrayList<>();
      if (search(start, start, path, new TreeSet<>())) {
        return path;
      }
    }
    return List.of();
  }

  private boolean search(String start, String agent, List<Edge> path, TreeSet<String> visited) {
    if (!visited.add(agent)) {
      return false;
    }
    for (String resource : waitsFor.getOrDefault(agent, new TreeSet<>())) {
      for (String holder : holders.getOrDefault(resource, new TreeSet<>())) {
        if (holder.equals(agent)) {
          continue;
        }
        path.add(new Edge(resource, holder, agent));
        if (holder.equals(start) || search(start, holder, path, visited)) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

  /** The edges of {@link #cycle()} in one line, or an empty string. */
  public String describeCycle() {
    return String.join("; ", cycle().stream().map(Edge::toString).toList());
  }

  // Wait points are per client: the names facts carry are qualified by it.
  private static String key(String client, String resource) {
    return client.isEmpty() ? resource : resource + "@" + client;
  }

  private static String agent(String client, String agent) {
    return client.isEmpty() ? agent : agent + "@" + client;
  }
}
