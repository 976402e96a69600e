package org.nfs41sim.sim.world;

import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.net.Network;
import org.nfs41sim.sim.random.RandomSource;
import org.nfs41sim.sim.runtime.Driver;

/** What a scenario builds a run with: hosts, links, the seed's named streams, the clock. */
public final class World {
  private final long seed;
  private final Network network;
  private final Driver driver;

  World(long seed, Network network, Driver driver) {
    this.seed = seed;
    this.network = network;
    this.driver = driver;
  }

  public long seed() {
    return seed;
  }

  /** The host called {@code name}, made on first use. */
  public Host host(String name) {
    return network.host(name);
  }

  /** A ref by which actors of {@code from} reach {@code target} across the network. */
  public <T> ActorRef<T> link(Host from, ActorRef<T> target) {
    return from.linkTo(target);
  }

  /** The named stream of this run's seed (workload, faults, ...); network and scheduler are taken. */
  public RandomSource stream(String name) {
    if (name.equals("network") || name.equals("scheduler")) {
      throw new IllegalArgumentException("the " + name + " stream belongs to the runtime");
    }
    return RandomSource.stream(seed, name);
  }

  public Network network() {
    return network;
  }

  /** Virtual time since the run's start. */
  public long nowNanos() {
    return driver.nowNanos();
  }
}
