package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code nfs41sim.network}: the default link, per-link overrides and partitions.
 *
 * @param defaults how a link behaves when no rule matches it
 * @param links per-link overrides, each already merged onto {@code defaults}; the last match wins
 * @param partitions timed network partitions
 */
public record NetworkSettings(LinkSettings defaults, List<LinkRule> links, List<PartitionRule> partitions) {
  public NetworkSettings {
    Objects.requireNonNull(defaults, "defaults");
    links = List.copyOf(links);
    partitions = List.copyOf(partitions);
  }

  /** Reads and checks {@code nfs41sim.network} of a whole (resolved) config. */
  public static NetworkSettings from(Config config) {
    SettingsReader network = SettingsReader.at(config, "nfs41sim.network");
    LinkSettings defaults = LinkSettings.read(network, null);
    List<LinkRule> links = new ArrayList<>();
    for (SettingsReader element : network.elements("links")) {
      links.add(LinkRule.read(element, defaults));
    }
    List<PartitionRule> partitions = new ArrayList<>();
    for (SettingsReader element : network.elements("partitions")) {
      partitions.add(PartitionRule.read(element));
    }
    return new NetworkSettings(defaults, links, partitions);
  }

  /**
   * The effective settings of the directed link {@code fromHost -> toHost}: those of the last
   * matching rule, else the defaults. Allocation-free, but linear in the number of rules, so cache
   * the answer per link if you call it per message.
   */
  public LinkSettings linkFor(String fromHost, String toHost) {
    for (int i = links.size() - 1; i >= 0; i--) {
      if (links.get(i).matches(fromHost, toHost)) {
        return links.get(i).settings();
      }
    }
    return defaults;
  }

  /** True when some partition drops a message from {@code fromHost} to {@code toHost} at {@code now}. */
  public boolean partitioned(String fromHost, String toHost, Duration now) {
    for (PartitionRule partition : partitions) {
      if (partition.cuts(fromHost, toHost, now)) {
        return true;
      }
    }
    return false;
  }
}
