package org.nfs41sim.sim.net;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A simulated machine: a named group of actors (DESIGN.md, "Hosts and links"). Messages between
 * actors of one host are not delayed; to reach another host an actor is handed a link.
 */
public final class Host {
  private final String name;
  private final ActorContext<?> context;
  private final Network network;

  Host(String name, ActorContext<?> context, Network network) {
    this.name = name;
    this.context = context;
    this.network = network;
  }

  public String name() {
    return name;
  }

  /** Spawns an actor on this host, named {@code <host>.<name>}; its descendants live here too. */
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    ActorRef<T> ref = context.spawn(behavior, this.name + "." + name);
    network.register(ref, this);
    return ref;
  }

  /** The host of an actor path spawned by {@link #spawn} ({@code .../run/<host>.<name>/...}). */
  public static String of(String actorPath) {
    int run = actorPath.indexOf("/run/");
    String rest = run < 0 ? actorPath : actorPath.substring(run + "/run/".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** A ref by which actors of this host reach {@code target}, wherever it lives. */
  public <T> ActorRef<T> linkTo(ActorRef<T> target) {
    return network.link(this, target);
  }

  @Override
  public String toString() {
    return name;
  }
}
