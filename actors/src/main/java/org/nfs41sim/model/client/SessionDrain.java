package org.nfs41sim.model.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Observer;

/**
 * The session's slot table as a gate (kernel: nfs4_begin_drain_session / nfs4_end_drain_session,
 * nfs41_setup_sequence). While the state manager drains the session, an ordinary RPC sleeps until
 * the drain ends; a privileged one (recovery OPEN and LOCK, the state manager's SEQUENCE,
 * RECLAIM_COMPLETE) goes through. Which call sites are privileged is the caller's to say, as in
 * the kernel, where it is the RPC's priority, not its operation.
 *
 * <p>{@code S} is a send that waits. The drain is a wait point: the state manager Holds it, a
 * sleeping sender Waits for it, and both are Released when it ends.
 */
public final class SessionDrain<S> {
  /** The resource name facts carry. */
  public static final String RESOURCE = "drain";

  private record Sleeper<S>(String agent, S send) {}

  private final String client;
  private final Observer observer;
  private final ArrayDeque<Sleeper<S>> sleepers = new ArrayDeque<>();
  private String drainer;

  public SessionDrain(String client, Observer observer) {
    this.client = client;
    this.observer = observer;
  }

  public boolean draining() {
    return drainer != null;
  }

  /** nfs4_begin_drain_session, by {@code agent} (the state manager). */
  public void begin(String agent) {
    if (drainer != null) {
      throw new IllegalStateException("the session is already drained by " + drainer);
    }
    drainer = agent;
    observer.report(new ClientFact.Holds(client, RESOURCE, agent, "draining"));
  }

  /**
   * {@code agent} wants to send; true when it may go now. Otherwise the send sleeps until
   * {@link #end} hands it back.
   */
  public boolean admit(String agent, boolean privileged, S send) {
    if (drainer == null || privileged) {
      return true;
    }
    sleepers.addLast(new Sleeper<>(agent, send));
    observer.report(new ClientFact.Waits(client, RESOURCE, agent, "ordinary RPC"));
    return false;
  }

  /** nfs4_end_drain_session: the sends that slept, in the order they came, now to be sent. */
  public List<S> end() {
    if (drainer == null) {
      throw new IllegalStateException("the session is not drained");
    }
    observer.report(new ClientFact.Released(client, RESOURCE, drainer));
    drainer = null;
    List<S> woken = new ArrayList<>(sleepers.size());
    for (Sleeper<S> s : sleepers) {
      observer.report(new ClientFact.Released(client, RESOURCE, s.agent())); // its wait is over
      woken.add(s.send());
    }
    sleepers.clear();
    return woken;
  }

  /** The agents sleeping on the drain, in arrival order. */
  public List<String> sleepers() {
    return sleepers.stream().map(Sleeper::agent).toList();
  }
}
