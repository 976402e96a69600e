package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code nfs41sim.network.delay}: how long one message takes.
 *
 * @param distribution one of {@link #DISTRIBUTIONS}: constant (always {@code min}), uniform
 *     ({@code min..max}) or exponential (mean {@code mean}, capped at {@code max})
 * @param min smallest delay (>= 0)
 * @param max largest delay (>= min, except for constant, which ignores it)
 * @param mean mean of the exponential distribution (>= 0)
 */
public record DelaySettings(String distribution, Duration min, Duration max, Duration mean) {
  /** The delay distributions. */
  public static final List<String> DISTRIBUTIONS = List.of("constant", "uniform", "exponential");

  public DelaySettings {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(mean, "mean");
    if (!DISTRIBUTIONS.contains(distribution)) {
      throw new IllegalArgumentException("distribution must be one of " + DISTRIBUTIONS + ": " + distribution);
    }
    if (min.isNegative() || max.isNegative() || mean.isNegative()) {
      throw new IllegalArgumentException("delays must not be negative");
    }
    if (!isConstant(distribution) && min.compareTo(max) > 0) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
  }

  /** Reads and checks {@code nfs41sim.network.delay} of a whole (resolved) config. */
  public static DelaySettings from(Config config) {
    return read(SettingsReader.at(config, "nfs41sim.network.delay"), null);
  }

  /** Reads a delay block; keys it lacks come from {@code base} (all are required if it is null). */
  static DelaySettings read(SettingsReader r, DelaySettings base) {
    String distribution = base == null || r.has("distribution")
        ? r.oneOf("distribution", DISTRIBUTIONS) : base.distribution;
    Duration min = base == null || r.has("min") ? r.nonNegativeDuration("min") : base.min;
    Duration max = base == null || r.has("max") ? r.nonNegativeDuration("max") : base.max;
    Duration mean = base == null || r.has("mean") ? r.nonNegativeDuration("mean") : base.mean;
    if (!isConstant(distribution) && min.compareTo(max) > 0) {
      // Blame the bound the user wrote; if both are theirs, blame max.
      boolean userMin = r.has("min") && r.isUserValue("min");
      boolean userMax = r.has("max") && r.isUserValue("max");
      String blamed = userMin && !userMax ? "min" : "max";
      throw ConfigError.at(r.origin(blamed), r.key("min") + " = " + ConfigText.duration(min)
          + " is greater than " + r.key("max") + " = " + ConfigText.duration(max));
    }
    return new DelaySettings(distribution, min, max, mean);
  }

  private static boolean isConstant(String distribution) {
    return "constant".equals(distribution);
  }
}
