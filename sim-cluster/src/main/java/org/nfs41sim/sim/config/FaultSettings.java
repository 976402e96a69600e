package org.nfs41sim.sim.config;

import com.typesafe.config.Config;

/**
 * {@code nfs41sim.faults}: the server reboots of a scenario run.
 *
 * @param randomReboots reboots at uniform instants within the workload's planned length
 * @param targetedReboots k: at most this many reboots aimed at a delegation return in progress
 * @param claimRpcs a targeted reboot follows the n-th claim RPC of a return, n in 1..claimRpcs
 */
public record FaultSettings(int randomReboots, int targetedReboots, int claimRpcs) {

  public static FaultSettings from(Config config) {
    SettingsReader f = SettingsReader.at(config, "nfs41sim.faults");
    return new FaultSettings(f.intAtLeast("random-reboots", 0), f.intAtLeast("targeted-reboots", 0),
        f.intAtLeast("claim-rpcs", 1));
  }
}
