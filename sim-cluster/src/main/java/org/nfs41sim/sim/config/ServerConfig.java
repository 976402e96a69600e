package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.nfs41sim.model.server.ServerSettings;

/**
 * {@code nfs41sim.server}: the server's time constants and delegation policy (DESIGN.md's time
 * table; RFC 8881 §8.3, §8.4.2.1, §10.4.5).
 */
public record ServerConfig(Duration leaseTime, Duration gracePeriod, Duration recallTimeout,
    ServerSettings.DelegationPolicy delegationPolicy, boolean graceEndsEarly, boolean courtesy) {

  /** The policy names a user may write. */
  public static final List<String> POLICIES = List.of("always", "never", "uncontended");

  /** Reads and checks {@code nfs41sim.server} of a whole (resolved) config. */
  public static ServerConfig from(Config config) {
    SettingsReader server = SettingsReader.at(config, "nfs41sim.server");
    Duration lease = server.positiveDuration("lease-time");
    if (lease.compareTo(Duration.ofMillis(1)) < 0) {
      throw server.invalid("lease-time", "must be at least 1ms (the laundromat sweeps ten times a lease)");
    }
    Duration grace = server.positiveDuration("grace-period");
    if (grace.compareTo(lease) < 0) {
      throw server.invalid("grace-period", "must be at least lease-time ("
          + ConfigText.duration(lease) + "), RFC 8881 section 8.4.2.1");
    }
    return new ServerConfig(lease, grace, server.positiveDuration("recall-timeout"),
        ServerSettings.DelegationPolicy.valueOf(
            server.oneOf("delegation-policy", POLICIES).toUpperCase(Locale.ROOT)),
        server.bool("grace-ends-early"),
        server.bool("courtesy"));
  }

  /** The server's settings for a run whose file set is {@code files}. */
  public ServerSettings settings(List<String> files) {
    return new ServerSettings(leaseTime, gracePeriod, recallTimeout, delegationPolicy, graceEndsEarly,
        courtesy, files);
  }
}
