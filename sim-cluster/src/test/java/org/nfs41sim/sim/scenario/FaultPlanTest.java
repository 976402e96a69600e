package org.nfs41sim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nfs41sim.sim.config.FaultSettings;

/**
 * Each fault kind draws from a named stream of its own, so turning a kind on never moves the
 * others: deleg-return-reboot, with every new kind off, draws the reboots it always drew.
 */
class FaultPlanTest {
  private static final List<String> CLIENTS = List.of("c1", "c2", "c3");
  private static final Duration PLANNED = Duration.ofSeconds(12);

  private static FaultSettings faults(String scenario, String... sets) {
    return ScenarioFiles.load(scenario, List.of(sets)).faults();
  }

  @Test
  void delegReturnRebootDrawsOnlyReboots() {
    for (long seed = 1; seed <= 50; seed++) {
      FaultPlan plan = FaultPlan.draw(faults("deleg-return-reboot"), PLANNED, CLIENTS, seed);

      assertThat(plan.recoveryAfterReclaims()).isEmpty();
      assertThat(plan.connectionLosses()).isEmpty();
      assertThat(plan.partitions()).isEmpty();
      assertThat(plan.callbackLoss()).isZero();
      assertThat(plan.callbackDelay()).isZero();
      assertThat(plan.reboots()).isPositive();
    }
  }

  @Test
  void turningTheNewKindsOnLeavesTheRebootsWhereTheyWere() {
    for (long seed = 1; seed <= 50; seed++) {
      FaultPlan off = FaultPlan.draw(faults("deleg-return-reboot"), PLANNED, CLIENTS, seed);
      FaultPlan on = FaultPlan.draw(faults("deleg-return-reboot", "nfs41sim.faults.recovery-reboots=1",
          "nfs41sim.faults.connection-losses=2", "nfs41sim.faults.partitions=1", "nfs41sim.faults.callback-loss=0.2",
          "nfs41sim.faults.callback-delay=0.2"), PLANNED, CLIENTS, seed);

      assertThat(on.rebootsAt()).isEqualTo(off.rebootsAt());
      assertThat(on.targetedAfterClaims()).isEqualTo(off.targetedAfterClaims());
      assertThat(on.recoveryAfterReclaims()).hasSize(1);
      assertThat(on.connectionLosses()).hasSize(2).allSatisfy(c -> assertThat(CLIENTS).contains(c.client()));
      assertThat(on.partitions()).singleElement()
          .satisfies(p -> assertThat(p.at()).isBetween(Duration.ZERO, PLANNED));
    }
  }

  @Test
  void delegReturnFaultsTurnsEveryKindOn() {
    FaultPlan plan = FaultPlan.draw(faults("deleg-return-faults"), PLANNED, CLIENTS, 7);

    assertThat(plan.rebootsAt()).isNotEmpty();
    assertThat(plan.targetedAfterClaims()).isNotEmpty();
    assertThat(plan.recoveryAfterReclaims()).isNotEmpty();
    assertThat(plan.connectionLosses()).isNotEmpty();
    assertThat(plan.partitions()).isNotEmpty();
    assertThat(plan.callbackLoss()).isPositive();
    assertThat(plan.callbackDelay()).isPositive();
  }
}
