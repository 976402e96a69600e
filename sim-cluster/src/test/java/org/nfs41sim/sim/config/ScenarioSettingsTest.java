package org.nfs41sim.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nfs41sim.client, nfs41sim.workload and nfs41sim.faults: defaults, and every mistake refused with one line. */
class ScenarioSettingsTest {
  private static Nfs41Config with(String... sets) {
    return ConfigLoader.loadString("", "test", List.of(sets));
  }

  @Test
  void renewdRunsAtTwoThirdsOfTheLeaseUnlessToldOtherwise() {
    assertThat(with().client().renewInterval()).isEqualTo(Duration.ofMillis(6666).plusNanos(666_666));
    assertThat(with("nfs41sim.server.lease-time=30s", "nfs41sim.server.grace-period=30s").client().renewInterval())
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(with("nfs41sim.client.renew-interval=3s").client().renewInterval()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aRenewIntervalThatLetsAClientMissGraceIsRefusedWithTheNumbers() {
    assertThatThrownBy(() -> with("nfs41sim.client.renew-interval=9995ms"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("nfs41sim.client.renew-interval").hasMessageContaining("5ms")
        .hasMessageContaining("10s");
    assertThat(with("nfs41sim.client.renew-interval=9989ms").client().renewInterval())
        .isEqualTo(Duration.ofMillis(9989));
  }

  @Test
  void aSlowLinkRuleCountsInTheCheck() {
    assertThatThrownBy(() -> with("nfs41sim.network.links=[{from = \"c*\", to = \"server\", delay { max = 2s }}]"))
        .isInstanceOf(ConfigError.class).hasMessageContaining("2s");
  }

  @Test
  void workloadWeightsMustNotAllBeZeroNorNegative() {
    assertThatThrownBy(() -> with("nfs41sim.workload.weights { write = 0, read = 0, chmod = 0, unlink = 0,"
        + " upgrade = 0 }")).isInstanceOf(ConfigError.class).hasMessageContaining("all 0");
    assertThatThrownBy(() -> with("nfs41sim.workload.weights.read = -1"))
        .isInstanceOf(ConfigError.class).hasMessageContaining("nfs41sim.workload.weights.read");
    assertThatThrownBy(() -> with("nfs41sim.workload.clients = 0"))
        .isInstanceOf(ConfigError.class).hasMessageContaining("nfs41sim.workload.clients");
  }

  @Test
  void faultsDefaultToOneRandomAndOneTargetedReboot() {
    FaultSettings faults = with().faults();

    assertThat(faults).isEqualTo(new FaultSettings(1, 1, 3, 0, 4, 0, Duration.ofMillis(300), 0, Duration.ofSeconds(15),
        0.0, 0.0, Duration.ofSeconds(2)));
    assertThatThrownBy(() -> with("nfs41sim.faults.claim-rpcs = 0")).isInstanceOf(ConfigError.class)
        .hasMessageContaining("claim-rpcs");
  }
}
