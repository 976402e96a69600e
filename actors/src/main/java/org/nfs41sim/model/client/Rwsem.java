package org.nfs41sim.model.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Observer;

/**
 * {@code nfs_inode->rwsem}: a read/write semaphore whose sleepers are queued requests rather than
 * blocked threads. As Linux's rwsem, it is fair in arrival order: a waiting writer holds back
 * readers that come after it (kernel: rwsem_down_read_slowpath queues behind a writer), and a
 * release wakes the next writer or the run of readers at the head of the queue.
 *
 * <p>It lives inside the actor that owns it (the Inode) and is driven by its messages; {@code W}
 * is how a waiter is woken (typically the ref its grant goes to). Every acquire, wait and release
 * is reported as a Holds / Waits / Released fact, the edges of the wait-for graph.
 */
public final class Rwsem<W> {
  /** How a holder holds it. */
  public enum Mode { READ, WRITE }

  /** A request that could not be granted at once. */
  public record Waiter<W>(String agent, Mode mode, W wake) {}

  private final String client;
  private final String resource;
  private final Observer observer;
  private final Map<String, Mode> holders = new LinkedHashMap<>();
  private final ArrayDeque<Waiter<W>> waiters = new ArrayDeque<>();

  /** @param resource the name facts carry, e.g. {@code rwsem(inode f1)} */
  public Rwsem(String client, String resource, Observer observer) {
    this.client = client;
    this.resource = resource;
    this.observer = observer;
  }

  /**
   * {@code agent} asks for the semaphore in {@code mode}. True when granted at once; otherwise it
   * is queued and will be among the waiters a later {@link #release} returns.
   */
  public boolean acquire(String agent, Mode mode, W wake) {
    if (holders.containsKey(agent)) {
      throw new IllegalStateException(agent + " already holds " + resource); // rwsems do not nest
    }
    if (waiters.isEmpty() && compatible(mode)) {
      grant(agent, mode);
      return true;
    }
    waiters.addLast(new Waiter<>(agent, mode, wake));
    observer.report(new ClientFact.Waits(client, resource, agent, mode.name()));
    return false;
  }

  /**
   * {@code agent} releases the semaphore (up_read / up_write). Returns the waiters granted by it,
   * in queue order, whom the owner must now wake.
   */
  public List<Waiter<W>> release(String agent) {
    if (holders.remove(agent) == null) {
      throw new IllegalStateException(agent + " does not hold " + resource);
    }
    observer.report(new ClientFact.Released(client, resource, agent));
    List<Waiter<W>> woken = new ArrayList<>();
    while (!waiters.isEmpty() && compatible(waiters.peekFirst().mode())) {
      Waiter<W> next = waiters.pollFirst();
      grant(next.agent(), next.mode());
      woken.add(next);
      if (next.mode() == Mode.WRITE) {
        break;
      }
    }
    return woken;
  }

  /** The agents holding it now, in the order they got it. */
  public Map<String, Mode> holders() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(holders)); // Map.copyOf would not keep the order
  }

  /** The agents sleeping on it, in queue order. */
  public List<Waiter<W>> waiters() {
    return List.copyOf(waiters);
  }

  private boolean compatible(Mode mode) {
    if (holders.isEmpty()) {
      return true;
    }
    return mode == Mode.READ && !holders.containsValue(Mode.WRITE);
  }

  private void grant(String agent, Mode mode) {
    holders.put(agent, mode);
    observer.report(new ClientFact.Holds(client, resource, agent, mode.name()));
  }
}
