package org.nfs41sim.sim.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.actor.FunctionRef;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.nfs41sim.sim.config.LinkSettings;
import org.nfs41sim.sim.config.NetworkSettings;
import org.nfs41sim.sim.config.PartitionRule;
import org.nfs41sim.sim.random.RandomSource;
import org.nfs41sim.sim.runtime.Driver;
import scala.runtime.BoxedUnit;

/**
 * The simulated network of one run: hosts, and the links between them.
 *
 * <p>A link is a Pekko {@link FunctionRef} owned by the run's world actor: telling it runs the
 * link's code at once, in the sender's own mailbox run, so a link adds no actor and no scheduling
 * point. It drops, duplicates and delays each message by seeded draws from the network stream,
 * rewrites the refs the message carries so that replies cross the network too, and delivers it
 * after the delay as if the original sender had sent it then. Links are created on demand and
 * cached per (source host, target), so a host always gets the same ref for the same target.
 */
public final class Network {
  private static final Duration FOREVER = Duration.ofDays(365L * 1000);
  private final NetworkSettings settings;
  private final RandomSource random;
  private final Driver driver;
  private final ActorCell owner;
  private final RefRewriter rewriter = new RefRewriter(this);
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Map<String, Host> hostOfPath = new HashMap<>();
  // Keyed by the ref itself (its uid included), so a re-spawned actor gets a new link. Only ever
  // looked up, never iterated: the identity-based hash cannot order anything.
  private final Map<Route, Link> linkByRoute = new HashMap<>();
  private final Map<String, Link> linkByPath = new HashMap<>();
  private final List<PartitionRule> partitions;
  private final ActorContext<?> context;
  /** Hosts cut off by the harness, by name: what a cut drops, and what it holds until it heals. */
  private final Map<String, Cut> cuts = new TreeMap<>();
  /** Extra delay for a message, or {@link #DROP}; none by default. */
  private ToLongFunction<Object> fate = message -> 0;
  private long sent;
  private long lost;
  private long cut;
  private long duplicated;
  private long inFlight;

  public Network(NetworkSettings settings, RandomSource random, Driver driver, ActorContext<?> context) {
    this.settings = settings;
    this.random = random;
    this.driver = driver;
    this.context = context;
    this.owner = (ActorCell) Adapter.toClassic(context);
    this.partitions = new ArrayList<>(settings.partitions());
  }

  /** The host called {@code name}, made on first use. */
  public Host host(String name) {
    return hosts.computeIfAbsent(name, n -> new Host(n, context, this));
  }

  /** Cuts every link between hosts matching {@code a} and hosts matching {@code b} until healed. */
  public void partition(List<String> a, List<String> b) {
    partitions.add(new PartitionRule(a, b, Duration.ofNanos(driver.nowNanos()), FOREVER));
  }

  /** Ends every partition in force now. */
  public void heal() {
    Duration now = Duration.ofNanos(driver.nowNanos());
    partitions.removeIf(p -> p.activeAt(now) && p.at().equals(now));
    partitions.replaceAll(p -> p.activeAt(now) ? new PartitionRule(p.a(), p.b(), p.at(), now.minus(p.at())) : p);
  }

  /** What {@link #fates} answers for a message that is lost. */
  public static final long DROP = -1;

  /**
   * Cuts {@code host} off from every other host until {@link #heal}: a message to or from it that
   * would be delivered meanwhile is dropped if {@code dropped} says so, and otherwise held and
   * delivered, in order, when the cut heals (a connection's retransmission). Cuts of one host nest:
   * it is cut off until the last of them heals (the first one's {@code dropped} rules throughout).
   */
  public void cut(String host, Predicate<Object> dropped) {
    cuts.computeIfAbsent(host, h -> new Cut(dropped)).depth++;
  }

  /**
   * Ends one cut of {@code host}; when it was the last, what the cuts held is delivered now, in the
   * order it was sent, and the answer is true.
   */
  public boolean heal(String host) {
    Cut cut = cuts.get(host);
    if (cut == null || --cut.depth > 0) {
      return false;
    }
    cuts.remove(host);
    for (Held h : cut.held) {
      inFlight--;
      h.target.tell(h.message);
    }
    return true;
  }

  /**
   * Decides, for each message handed to a link, an extra delay in nanoseconds (0: none) or {@link
   * #DROP}; asked before the link's own draws, so that it changes none of them.
   */
  public void fates(ToLongFunction<Object> fate) {
    this.fate = fate;
  }

  public Stats stats() {
    return new Stats(sent, lost, cut, duplicated);
  }

  /** Messages on the wire now: handed to a link and not yet put in their receiver's mailbox. */
  public long inFlight() {
    return inFlight;
  }

  /** Messages handed to links, and how many were lost, cut by a partition, or duplicated. */
  public record Stats(long sent, long lost, long cut, long duplicated) {}

  // ---- links ----

  <T> ActorRef<T> link(Host from, ActorRef<T> target) {
    ActorRef<T> real = unwrap(target);
    Host to = hostOf(real);
    if (to == null || to == from) {
      return real; // within a host, or to an actor outside the simulated network
    }
    Link link = linkByRoute.computeIfAbsent(new Route(from.name(), real), route -> newLink(from, to, real));
    @SuppressWarnings("unchecked")
    ActorRef<T> ref = (ActorRef<T>) link.ref;
    return ref;
  }

  private Link newLink(Host from, Host to, ActorRef<?> target) {
    @SuppressWarnings("unchecked")
    ActorRef<Object> deliverTo = (ActorRef<Object>) target;
    Link link = new Link(from, to, deliverTo, settings.linkFor(from.name(), to.name()));
    FunctionRef ref = owner.addFunctionRef((sender, message) -> {
      transmit(link, message);
      return BoxedUnit.UNIT;
    }, "link-" + (linkByPath.size() + 1));
    link.ref = Adapter.toTyped(ref);
    linkByPath.put(ref.path().toStringWithoutAddress(), link);
    return link;
  }

  private void transmit(Link link, Object message) {
    sent++;
    long now = driver.nowNanos();
    long extra = fate.applyAsLong(message);
    if (extra == DROP) {
      lost++;
      return;
    }
    if (!partitions.isEmpty()) {
      Duration at = Duration.ofNanos(now);
      for (PartitionRule p : partitions) {
        if (p.cuts(link.from.name(), link.to.name(), at)) {
          cut++;
          return;
        }
      }
    }
    LinkSettings s = link.settings;
    if (random.chance(s.loss())) {
      lost++;
      return;
    }
    int copies = random.chance(s.duplicate()) ? 2 : 1;
    duplicated += copies - 1;
    Object rewritten = rewriter.rewrite(message, link.to);
    for (int i = 0; i < copies; i++) {
      long due = now + extra + Delays.draw(s.delay(), random);
      if (!s.reorder()) {
        due = Math.max(due, link.lastDue); // one stream: never overtakes what was sent before
        link.lastDue = due;
      }
      inFlight++;
      driver.after(due - now, () -> arrive(link, rewritten));
    }
  }

  /** A message's delivery time has come: it goes through, unless a cut of either end holds or drops it. */
  private void arrive(Link link, Object message) {
    Cut cut = cuts.isEmpty() ? null : cuts.get(link.from.name());
    if (cut == null && !cuts.isEmpty()) {
      cut = cuts.get(link.to.name());
    }
    if (cut == null) {
      inFlight--;
      link.target.tell(message);
    } else if (cut.dropped.test(message)) {
      inFlight--;
      this.cut++;
    } else {
      cut.held.add(new Held(link.target, message));
    }
  }

  private record Held(ActorRef<Object> target, Object message) {}

  private static final class Cut {
    final Predicate<Object> dropped;
    final List<Held> held = new ArrayList<>();
    int depth;

    Cut(Predicate<Object> dropped) {
      this.dropped = dropped;
    }
  }

  // ---- hosts of refs ----

  void register(ActorRef<?> ref, Host host) {
    hostOfPath.put(ref.path().toStringWithoutAddress(), host);
  }

  /** The host of an actor: that of its nearest registered ancestor (children live with parents). */
  Host hostOf(ActorRef<?> ref) {
    String path = ref.path().toStringWithoutAddress();
    for (String p = path; !p.isEmpty(); p = p.substring(0, Math.max(0, p.lastIndexOf('/')))) {
      Host host = hostOfPath.get(p);
      if (host != null) {
        if (!p.equals(path)) {
          hostOfPath.put(path, host);
        }
        return host;
      }
    }
    return null;
  }

  /** The actor a link leads to, or the ref itself. */
  @SuppressWarnings("unchecked")
  <T> ActorRef<T> unwrap(ActorRef<T> ref) {
    Link link = linkByPath.get(ref.path().toStringWithoutAddress());
    return link == null ? ref : (ActorRef<T>) link.target;
  }

  /** How a trace names a ref: a link by the actor it leads to. */
  public String label(ActorRef<?> ref) {
    return unwrap(ref).path().toStringWithoutAddress();
  }

  private record Route(String fromHost, ActorRef<?> target) {}

  private static final class Link {
    final Host from;
    final Host to;
    final ActorRef<Object> target;
    final LinkSettings settings;
    ActorRef<?> ref;
    long lastDue;

    Link(Host from, Host to, ActorRef<Object> target, LinkSettings settings) {
      this.from = from;
      this.to = to;
      this.target = target;
      this.settings = settings;
    }
  }
}
