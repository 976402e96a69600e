package org.nfs41sim.sim.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nfs41sim.sim.config.FaultSettings;
import org.nfs41sim.sim.random.RandomSource;

/**
 * A run's reboots, drawn from its faults stream before it starts: instants for the random ones,
 * and for each of the k targeted ones the claim RPC of a return after which it falls. Both
 * variants of one seed get the same plan.
 */
public record FaultPlan(List<Duration> rebootsAt, List<Integer> targetedAfterClaims) {

  public static FaultPlan draw(FaultSettings settings, Duration plannedLength, RandomSource faults) {
    List<Duration> at = new ArrayList<>();
    for (int i = 0; i < settings.randomReboots(); i++) {
      at.add(Duration.ofNanos(faults.nextLong(0, Math.max(1, plannedLength.toNanos()))));
    }
    at.sort(null);
    List<Integer> claims = new ArrayList<>();
    for (int i = 0; i < settings.targetedReboots(); i++) {
      claims.add(1 + faults.nextInt(settings.claimRpcs()));
    }
    return new FaultPlan(List.copyOf(at), List.copyOf(claims));
  }
}
