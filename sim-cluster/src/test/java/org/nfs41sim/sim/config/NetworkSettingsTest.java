package org.nfs41sim.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSettingsTest {
  private static NetworkSettings network(String hocon) {
    return ConfigLoader.loadString(hocon, "test.conf", List.of()).network();
  }

  @Test
  void linkRuleOverridesAreMergedOntoTheDefaults() {
    NetworkSettings network = network("""
        nfs41sim.network {
          loss = 0.1
          delay.max = 8ms
          links = [ { from = "client-*", to = server, duplicate = 0.5, delay { min = 2ms } } ]
        }
        """);

    LinkSettings link = network.linkFor("client-1", "server");

    assertThat(link.duplicate()).isEqualTo(0.5);
    assertThat(link.loss()).isEqualTo(0.1);
    assertThat(link.reorder()).isTrue();
    assertThat(link.delay()).isEqualTo(
        new DelaySettings("uniform", Duration.ofMillis(2), Duration.ofMillis(8), Duration.ofMillis(1)));
  }

  @Test
  void lastMatchingRuleWinsAndUnmatchedLinksGetTheDefaults() {
    NetworkSettings network = network("""
        nfs41sim.network.links = [
          { from = "*", to = "*", loss = 0.2 }
          { from = "client-*", to = "server", loss = 0.3 }
        ]
        """);

    assertThat(network.linkFor("client-7", "server").loss()).isEqualTo(0.3);
    assertThat(network.linkFor("server", "client-7").loss()).isEqualTo(0.2);
    assertThat(network("nfs41sim.network.loss = 0.05").linkFor("a", "b").loss()).isEqualTo(0.05);
  }

  @Test
  void rulesAreDirected() {
    NetworkSettings network = network("nfs41sim.network.links = [ { from = a, to = b, reorder = false } ]");

    assertThat(network.linkFor("a", "b").reorder()).isFalse();
    assertThat(network.linkFor("b", "a").reorder()).isTrue();
  }

  @Test
  void linkRuleThatBreaksMinMaxIsReportedWithItsIndex() {
    assertThatThrownBy(() -> network("nfs41sim.network.links = [ {from = a, to = b}, {from = a, to = b, delay.min = 9ms} ]"))
        .isInstanceOf(ConfigError.class)
        .hasMessage("test.conf:1: nfs41sim.network.links[1].delay.min = 9ms is greater than "
            + "nfs41sim.network.links[1].delay.max = 5ms");
  }

  @Test
  void linkRuleWithoutFromIsRejected() {
    assertThatThrownBy(() -> network("nfs41sim.network.links = [ { to = b } ]"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("nfs41sim.network.links[0].from is missing");
  }

  @Test
  void partitionsCutBothDirectionsOnlyWhileActive() {
    NetworkSettings network = network("""
        nfs41sim.network.partitions = [ { a = ["client-*"], b = [server], at = 1s, duration = 2s } ]
        """);

    assertThat(network.partitioned("client-1", "server", Duration.ofMillis(999))).isFalse();
    assertThat(network.partitioned("client-1", "server", Duration.ofSeconds(1))).isTrue();
    assertThat(network.partitioned("server", "client-1", Duration.ofMillis(2999))).isTrue();
    assertThat(network.partitioned("client-1", "server", Duration.ofSeconds(3))).isFalse();
    assertThat(network.partitioned("client-1", "client-2", Duration.ofSeconds(2))).isFalse();
  }

  @Test
  void partitionWithoutDurationIsRejected() {
    assertThatThrownBy(() -> network("nfs41sim.network.partitions = [ { a = [x], b = [y], at = 0s, duration = 0s } ]"))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("nfs41sim.network.partitions[0].duration = 0s must be > 0");
  }
}
