package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code nfs41sim.faults}: what goes wrong in a scenario run. Each kind is drawn from a stream of
 * its own, so that turning one on leaves the others' draws, and today's reboots, as they were.
 *
 * @param randomReboots reboots at uniform instants within the workload's planned length
 * @param targetedReboots k: at most this many reboots aimed at a delegation return in progress
 * @param claimRpcs a targeted reboot follows the n-th claim RPC of a return, n in 1..claimRpcs
 * @param recoveryReboots reboots aimed at a client's reclaim after an earlier reboot
 * @param reclaimRpcs such a reboot follows the n-th reclaim RPC after the reboot, n in 1..reclaimRpcs
 * @param connectionLosses a client's connection to the server is lost and comes back
 * @param connectionLossLength how long the connection stays down
 * @param partitions a client is cut off from the server long enough for its lease to expire
 * @param partitionLength how long the partition lasts
 * @param callbackLoss the probability that a CB_RECALL is lost on the way to its client
 * @param callbackDelay the probability that a CB_RECALL is held back
 * @param callbackDelayLength how long a held-back CB_RECALL is held
 */
public record FaultSettings(int randomReboots, int targetedReboots, int claimRpcs, int recoveryReboots,
    int reclaimRpcs, int connectionLosses, Duration connectionLossLength, int partitions, Duration partitionLength,
    double callbackLoss, double callbackDelay, Duration callbackDelayLength) {

  public static FaultSettings from(Config config) {
    SettingsReader f = SettingsReader.at(config, "nfs41sim.faults");
    double loss = f.probability("callback-loss");
    double delay = f.probability("callback-delay");
    if (loss + delay > 1) {
      throw f.invalid("callback-delay", "and callback-loss add up to more than 1");
    }
    return new FaultSettings(f.intAtLeast("random-reboots", 0), f.intAtLeast("targeted-reboots", 0),
        f.intAtLeast("claim-rpcs", 1), f.intAtLeast("recovery-reboots", 0), f.intAtLeast("reclaim-rpcs", 1),
        f.intAtLeast("connection-losses", 0), f.positiveDuration("connection-loss-length"),
        f.intAtLeast("partitions", 0), f.positiveDuration("partition-length"), loss, delay,
        f.positiveDuration("callback-delay-length"));
  }
}
