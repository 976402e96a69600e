package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code nfs41sim.client}: the client's own time constants (DESIGN.md's time table). */
public record ClientConfig(Duration renewInterval) {

  /** The word for the kernel's default: renewd runs at two thirds of the lease. */
  public static final String TWO_THIRDS = "two-thirds-of-lease";

  /**
   * Reads {@code nfs41sim.client} and checks it against the server and network it will meet: a
   * client must learn of a reboot while the server is still in grace (renew + 2 x max delay < grace).
   */
  public static ClientConfig from(Config config, ServerConfig server, NetworkSettings network) {
    SettingsReader client = SettingsReader.at(config, "nfs41sim.client");
    Duration renew;
    if (TWO_THIRDS.equals(client.stringOrNull("renew-interval"))) {
      renew = server.leaseTime().multipliedBy(2).dividedBy(3);
    } else {
      renew = client.positiveDuration("renew-interval");
    }
    Duration maxDelay = network.defaults().delay().max();
    for (LinkRule rule : network.links()) {
      Duration max = rule.settings().delay().max();
      maxDelay = max.compareTo(maxDelay) > 0 ? max : maxDelay;
    }
    Duration needed = renew.plus(maxDelay.multipliedBy(2));
    if (needed.compareTo(server.gracePeriod()) >= 0) {
      throw client.invalid("renew-interval", "plus twice the largest network delay ("
          + ConfigText.duration(maxDelay) + ") must be less than nfs41sim.server.grace-period ("
          + ConfigText.duration(server.gracePeriod()) + "), or a client can miss a reboot's grace");
    }
    return new ClientConfig(renew);
  }
}
