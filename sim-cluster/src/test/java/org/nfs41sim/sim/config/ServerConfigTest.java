package org.nfs41sim.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.model.server.ServerSettings.CloseWithLocks;
import org.nfs41sim.model.server.ServerSettings.DelegCurInGrace;
import org.nfs41sim.model.server.ServerSettings.DelegationPolicy;
import org.nfs41sim.model.server.ServerSettings.RecallFailure;

/** nfs41sim.server: the defaults are nfsd's, every policy is read, and a wrong word is one line. */
class ServerConfigTest {
  private static ServerConfig with(String... sets) {
    return ConfigLoader.loadString("", "test", List.of(sets)).server();
  }

  @Test
  void theDefaultsAreNfsdsBehaviour() {
    ServerConfig server = with();

    assertThat(server).isEqualTo(new ServerConfig(Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofSeconds(10), DelegationPolicy.ALWAYS, false, false, false, RecallFailure.RETRY,
        DelegCurInGrace.REFUSE, CloseWithLocks.RELEASE, false));
  }

  @Test
  void everyRfcAlternativeCanBeChosen() {
    ServerConfig server = with("nfs41sim.server.write-delegations=true", "nfs41sim.server.recall-failure=revoke",
        "nfs41sim.server.deleg-cur-claims-in-grace=allow", "nfs41sim.server.close-with-locks=refuse",
        "nfs41sim.server.restart-reclaim-needed=true", "nfs41sim.server.grace-ends-early=true",
        "nfs41sim.server.delegation-policy=uncontended");

    assertThat(server.settings(List.of("f1"))).satisfies(s -> {
      assertThat(s.writeDelegations()).isTrue();
      assertThat(s.recallFailure()).isEqualTo(RecallFailure.REVOKE);
      assertThat(s.delegCurInGrace()).isEqualTo(DelegCurInGrace.ALLOW);
      assertThat(s.closeWithLocks()).isEqualTo(CloseWithLocks.REFUSE);
      assertThat(s.restartReclaimNeeded()).isTrue();
      assertThat(s.graceEndsEarly()).isTrue();
      assertThat(s.delegationPolicy()).isEqualTo(DelegationPolicy.UNCONTENDED);
      assertThat(s.files()).containsExactly("f1");
    });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "recall-failure,            drop,  'must be one of retry, revoke'",
      "deleg-cur-claims-in-grace, maybe, 'must be one of refuse, allow'",
      "close-with-locks,          keep,  'must be one of release, refuse'",
      "write-delegations,         often, 'is not a boolean'",
      "restart-reclaim-needed,    2,     'is not a boolean'",
  })
  void aWrongValueIsRefusedWithTheKeyAndTheChoices(String key, String value, String problem) {
    assertThatThrownBy(() -> with("nfs41sim.server." + key + "=" + value))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("nfs41sim.server." + key)
        .hasMessageContaining(problem);
  }
}
