package org.nfs41sim.sim.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import java.util.Objects;

/**
 * One element of {@code nfs41sim.network.links}: messages from a host matching {@code fromGlob} to
 * a host matching {@code toGlob} use {@code settings} (the rule's keys merged onto the defaults).
 */
public record LinkRule(String fromGlob, String toGlob, LinkSettings settings) {
  /** The keys an element may have (values only show their kind). */
  static final ConfigObject SHAPE = ConfigFactory.parseString(
      "from = a, to = a, delay { distribution = a, min = a, max = a, mean = a },"
          + " loss = 0, duplicate = 0, reorder = true").root();

  public LinkRule {
    Objects.requireNonNull(fromGlob, "fromGlob");
    Objects.requireNonNull(toGlob, "toGlob");
    Objects.requireNonNull(settings, "settings");
  }

  /** True when this rule applies to messages sent by {@code fromHost} to {@code toHost}. */
  public boolean matches(String fromHost, String toHost) {
    return Glob.matches(fromGlob, fromHost) && Glob.matches(toGlob, toHost);
  }

  /** Reads one element; keys it lacks come from {@code defaults}. */
  static LinkRule read(SettingsReader r, LinkSettings defaults) {
    return new LinkRule(r.string("from"), r.string("to"), LinkSettings.read(r, defaults));
  }
}
