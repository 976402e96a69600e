package org.nfs41sim.sim.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nfs41sim.sim.config.FaultSettings;
import org.nfs41sim.sim.random.RandomSource;

/**
 * What goes wrong in a run, drawn before it starts: instants for the random reboots; for each
 * targeted reboot, the claim RPC of a return after which it falls; for each reboot aimed at
 * recovery, the reclaim RPC after which it falls; the lost connections and the partitions (whose
 * client, when, how long); and how CB_RECALLs fare. Each kind comes from a stream of its own
 * ({@code faults} for the first two, as before, {@code faults.<kind>} for the others), so turning
 * one kind on leaves the other kinds' draws as they were. Both variants of a seed get the same plan.
 *
 * @param seed the run's root seed: CB_RECALLs draw their fates from its {@code faults.callbacks} stream, in
 *     the order they are sent
 */
public record FaultPlan(List<Duration> rebootsAt, List<Integer> targetedAfterClaims, List<Integer> recoveryAfterReclaims,
    List<Cut> connectionLosses, List<Cut> partitions, double callbackLoss, double callbackDelay,
    Duration callbackDelayLength, long seed) {

  /** A client cut off from the server from {@code at} for {@code length}. */
  public record Cut(String client, Duration at, Duration length) {}

  public static FaultPlan draw(FaultSettings settings, Duration plannedLength, List<String> clients, long seed) {
    RandomSource faults = RandomSource.stream(seed, "faults");
    List<Duration> at = new ArrayList<>();
    for (int i = 0; i < settings.randomReboots(); i++) {
      at.add(uniform(faults, plannedLength));
    }
    at.sort(null);
    List<Integer> claims = new ArrayList<>();
    for (int i = 0; i < settings.targetedReboots(); i++) {
      claims.add(1 + faults.nextInt(settings.claimRpcs()));
    }
    RandomSource recovery = RandomSource.stream(seed, "faults.recovery");
    List<Integer> reclaims = new ArrayList<>();
    for (int i = 0; i < settings.recoveryReboots(); i++) {
      reclaims.add(1 + recovery.nextInt(settings.reclaimRpcs()));
    }
    return new FaultPlan(List.copyOf(at), List.copyOf(claims), List.copyOf(reclaims),
        cuts(RandomSource.stream(seed, "faults.connections"), settings.connectionLosses(),
            settings.connectionLossLength(), plannedLength, clients),
        cuts(RandomSource.stream(seed, "faults.partitions"), settings.partitions(), settings.partitionLength(),
            plannedLength, clients),
        settings.callbackLoss(), settings.callbackDelay(), settings.callbackDelayLength(), seed);
  }

  private static List<Cut> cuts(RandomSource random, int count, Duration length, Duration planned,
      List<String> clients) {
    List<Cut> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String client = clients.get(random.nextInt(clients.size()));
      out.add(new Cut(client, uniform(random, planned), length));
    }
    out.sort((a, b) -> a.at().compareTo(b.at()));
    return List.copyOf(out);
  }

  private static Duration uniform(RandomSource random, Duration planned) {
    return Duration.ofNanos(random.nextLong(0, Math.max(1, planned.toNanos())));
  }

  /** How many reboots the plan can cause. */
  public int reboots() {
    return rebootsAt.size() + targetedAfterClaims.size() + recoveryAfterReclaims.size();
  }

  /** How long the plan's cuts last in all. */
  public Duration cutTime() {
    Duration total = Duration.ZERO;
    for (Cut c : connectionLosses) {
      total = total.plus(c.length());
    }
    for (Cut c : partitions) {
      total = total.plus(c.length());
    }
    return total;
  }
}
