package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.util.Objects;

/**
 * How one directed link (sender host to receiver host) treats messages.
 *
 * @param delay how long a message takes
 * @param loss probability in [0,1] that a message is dropped
 * @param duplicate probability in [0,1] that a message is delivered twice
 * @param reorder false: the link delivers in send order (FIFO, like one TCP stream)
 */
public record LinkSettings(DelaySettings delay, double loss, double duplicate, boolean reorder) {
  public LinkSettings {
    Objects.requireNonNull(delay, "delay");
    if (!(loss >= 0 && loss <= 1 && duplicate >= 0 && duplicate <= 1)) {
      throw new IllegalArgumentException("loss and duplicate must be probabilities in [0,1]");
    }
  }

  /** Reads and checks the default link of a whole (resolved) config: {@code nfs41sim.network}. */
  public static LinkSettings from(Config config) {
    return read(SettingsReader.at(config, "nfs41sim.network"), null);
  }

  /** Reads link keys; keys it lacks come from {@code base} (all are required if it is null). */
  static LinkSettings read(SettingsReader r, LinkSettings base) {
    DelaySettings delay;
    if (base == null || r.has("delay")) {
      delay = DelaySettings.read(r.child("delay"), base == null ? null : base.delay);
    } else {
      delay = base.delay;
    }
    double loss = base == null || r.has("loss") ? r.probability("loss") : base.loss;
    double duplicate = base == null || r.has("duplicate") ? r.probability("duplicate") : base.duplicate;
    boolean reorder = base == null || r.has("reorder") ? r.bool("reorder") : base.reorder;
    return new LinkSettings(delay, loss, duplicate, reorder);
  }
}
