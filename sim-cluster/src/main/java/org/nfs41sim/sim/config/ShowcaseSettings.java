package org.nfs41sim.sim.config;

import com.typesafe.config.Config;

/**
 * {@code nfs41sim.showcase}: sizes of the showcase protocols.
 *
 * @param plantedParticipants participants of the planted-bug protocol (>= 1)
 * @param churnWorkers workers of the determinism (churn) protocol (>= 20)
 * @param churnRounds tokens each churn worker starts (>= 1)
 */
public record ShowcaseSettings(int plantedParticipants, int churnWorkers, int churnRounds) {
  /** Fewest churn workers: the determinism check needs real contention. */
  public static final int MIN_CHURN_WORKERS = 20;

  public ShowcaseSettings {
    if (plantedParticipants < 1 || churnWorkers < MIN_CHURN_WORKERS || churnRounds < 1) {
      throw new IllegalArgumentException(
          "need plantedParticipants >= 1, churnWorkers >= 20, churnRounds >= 1");
    }
  }

  /** Reads and checks {@code nfs41sim.showcase} of a whole (resolved) config. */
  public static ShowcaseSettings from(Config config) {
    SettingsReader showcase = SettingsReader.at(config, "nfs41sim.showcase");
    SettingsReader planted = showcase.child("planted");
    SettingsReader churn = showcase.child("churn");
    return new ShowcaseSettings(
        planted.intAtLeast("participants", 1),
        churn.intAtLeast("workers", MIN_CHURN_WORKERS),
        churn.intAtLeast("rounds", 1));
  }
}
