package org.nfs41sim.sim.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One element of {@code nfs41sim.network.partitions}: from virtual time {@code at} for
 * {@code duration}, messages between a host matching a glob in {@code a} and a host matching a
 * glob in {@code b} are dropped, in both directions.
 */
public record PartitionRule(List<String> a, List<String> b, Duration at, Duration duration) {
  /** The keys an element may have (values only show their kind). */
  static final ConfigObject SHAPE =
      ConfigFactory.parseString("a = [], b = [], at = 0s, duration = 1s").root();

  public PartitionRule {
    a = List.copyOf(a);
    b = List.copyOf(b);
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(duration, "duration");
    if (a.isEmpty() || b.isEmpty() || at.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("need non-empty a and b, at >= 0 and duration > 0");
    }
  }

  /** Virtual time at which the partition heals. */
  public Duration end() {
    return at.plus(duration);
  }

  /** True while the partition is in force: {@code at <= now < at + duration}. */
  public boolean activeAt(Duration now) {
    return now.compareTo(at) >= 0 && now.compareTo(end()) < 0;
  }

  /** True when the two hosts are on opposite sides (either way round). */
  public boolean separates(String host1, String host2) {
    return (matchesAny(a, host1) && matchesAny(b, host2)) || (matchesAny(a, host2) && matchesAny(b, host1));
  }

  /** True when a message from {@code fromHost} to {@code toHost} sent at {@code now} is dropped. */
  public boolean cuts(String fromHost, String toHost, Duration now) {
    return activeAt(now) && separates(fromHost, toHost);
  }

  static PartitionRule read(SettingsReader r) {
    return new PartitionRule(
        r.stringList("a"), r.stringList("b"), r.nonNegativeDuration("at"), r.positiveDuration("duration"));
  }

  private static boolean matchesAny(List<String> globs, String host) {
    for (String glob : globs) {
      if (Glob.matches(glob, host)) {
        return true;
      }
    }
    return false;
  }
}
