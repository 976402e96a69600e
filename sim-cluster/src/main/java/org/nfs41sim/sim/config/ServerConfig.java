package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nfs41sim.model.server.ServerSettings;
import org.nfs41sim.model.server.ServerSettings.CloseWithLocks;
import org.nfs41sim.model.server.ServerSettings.DelegCurInGrace;
import org.nfs41sim.model.server.ServerSettings.DelegationPolicy;
import org.nfs41sim.model.server.ServerSettings.RecallFailure;

/**
 * {@code nfs41sim.server}: the server's time constants (DESIGN.md's time table; RFC 8881 §8.3,
 * §8.4.2.1, §10.4.5) and its policies. The defaults are Linux nfsd 3.6 - 3.10; every other value
 * is an alternative RFC 8881 allows (docs/server.md).
 */
public record ServerConfig(Duration leaseTime, Duration gracePeriod, Duration recallTimeout,
    DelegationPolicy delegationPolicy, boolean graceEndsEarly, boolean courtesy, boolean writeDelegations,
    RecallFailure recallFailure, DelegCurInGrace delegCurInGrace, CloseWithLocks closeWithLocks,
    boolean restartReclaimNeeded) {

  /** The policy names a user may write. */
  public static final List<String> POLICIES = words(DelegationPolicy.values());

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
        word(server, "delegation-policy", DelegationPolicy.class),
        server.bool("grace-ends-early"),
        server.bool("courtesy"),
        server.bool("write-delegations"),
        word(server, "recall-failure", RecallFailure.class),
        word(server, "deleg-cur-claims-in-grace", DelegCurInGrace.class),
        word(server, "close-with-locks", CloseWithLocks.class),
        server.bool("restart-reclaim-needed"));
  }

  /** The server's settings for a run whose file set is {@code files}. */
  public ServerSettings settings(List<String> files) {
    return new ServerSettings(leaseTime, gracePeriod, recallTimeout, delegationPolicy, graceEndsEarly,
        courtesy, writeDelegations, recallFailure, delegCurInGrace, closeWithLocks, restartReclaimNeeded, files);
  }

  /** One of an enum's constants, written in lower case ({@code retry}, {@code uncontended}). */
  private static <E extends Enum<E>> E word(SettingsReader server, String name, Class<E> kind) {
    String word = server.oneOf(name, words(kind.getEnumConstants()));
    return Enum.valueOf(kind, word.toUpperCase(Locale.ROOT));
  }

  private static List<String> words(Enum<?>[] constants) {
    return Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
  }
}
