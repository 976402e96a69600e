package org.nfs41sim.sim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nfs41sim.model.client.ClientSettings;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.model.client.NfsClient;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.oracle.WaitForGraph;
import org.nfs41sim.sim.runtime.RunEnd;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.Specs;
import org.nfs41sim.sim.world.World;

/**
 * The client mounts (EXCHANGE_ID, CREATE_SESSION, RECLAIM_COMPLETE through its state manager) and,
 * after a server reboot, finds out through renewd's SEQUENCE and recovers: drain, session reset,
 * STALE_CLIENTID, a new lease, RECLAIM_COMPLETE, end of the drain. Against the real server, on
 * the deterministic runtime, with network delay.
 */
class ClientLeaseRecoveryTest {

  /** A server, one client, and a reboot of the server at {@code rebootAt} (or none). */
  private static final class MountAndReboot implements Scenario {
    final List<Fact> facts = new ArrayList<>();
    final WaitForGraph waits = new WaitForGraph();
    final Duration rebootAt;
    final List<String> serverSets;

    MountAndReboot(Duration rebootAt, String... serverSets) {
      this.rebootAt = rebootAt;
      this.serverSets = List.of(serverSets);
    }

    @Override
    public void build(World world) {
      Host serverHost = world.host("server");
      Host clientHost = world.host("c1");
      ActorRef<Server.Command> server = serverHost.spawn(Server.create(
          org.nfs41sim.sim.config.ConfigLoader.loadString("", "test", serverSets).server().settings(List.of("f1")),
          this::report),
          "nfsd");
      clientHost.spawn(NfsClient.create(new ClientSettings("c1", ClientVariant.FIXED, Duration.ofMillis(6667)),
          clientHost.linkTo(server), this::report), "nfs");
      if (rebootAt != null) {
        Behavior<Void> operator = Behaviors.setup(ctx -> {
          ctx.scheduleOnce(rebootAt, server, Server.Reboot.INSTANCE);
          return Behaviors.empty();
        });
        serverHost.spawn(operator, "operator");
      }
    }

    private void report(Fact fact) {
      facts.add(fact);
      waits.report(fact);
    }

    <T> List<T> all(Class<T> type) {
      return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  private static RunResult run(MountAndReboot scenario, String strategy, long seed) {
    try (DeterministicSystem system = DeterministicSystem.create("client")) {
      return system.run(Specs.with("nfs41sim.run.strategy=" + strategy).withSeed(seed), scenario, null);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fifo", "random", "pct"})
  void theClientMountsWithOneSessionAndReclaimComplete(String strategy) {
    MountAndReboot scenario = new MountAndReboot(null);

    RunResult result = run(scenario, strategy, 3);

    assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
    assertThat(scenario.all(ServerFact.SessionCreated.class)).singleElement()
        .satisfies(s -> assertThat(s.epoch()).isEqualTo(1));
    assertThat(scenario.all(ClientFact.BitChanged.class)).extracting(b -> b.bit() + (b.set() ? "+" : "-"))
        .containsExactly("LEASE_EXPIRED+", "LEASE_EXPIRED-", "RECLAIM_REBOOT+", "RECLAIM_REBOOT-");
    assertThat(scenario.all(ClientFact.Released.class)).extracting(ClientFact.Released::resource)
        .containsExactly("MANAGER_RUNNING");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void afterAServerRebootTheClientRecoversItsLeaseAndSession(long seed) {
    MountAndReboot scenario = new MountAndReboot(Duration.ofSeconds(5));

    RunResult result = run(scenario, "random", seed);

    assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
    assertThat(scenario.all(ServerFact.SessionCreated.class)).extracting(ServerFact.SessionCreated::epoch)
        .containsExactly(1, 2);
    assertThat(scenario.all(ClientFact.BitChanged.class).stream().filter(ClientFact.BitChanged::set)
        .map(ClientFact.BitChanged::bit))
        .containsSubsequence("SESSION_RESET", "LEASE_EXPIRED", "RECLAIM_REBOOT");
    // The drain began and ended, and the state manager ran twice (mount, recovery) and stopped.
    assertThat(scenario.all(ClientFact.Holds.class)).extracting(ClientFact.Holds::resource)
        .containsExactly("MANAGER_RUNNING", "MANAGER_RUNNING", "drain");
    assertThat(scenario.all(ClientFact.Released.class).stream().filter(r -> r.agent().equals("state-manager")))
        .extracting(ClientFact.Released::resource)
        .containsExactly("MANAGER_RUNNING", "drain", "MANAGER_RUNNING");
    // nfsd waits out the whole grace period although the only client sent RECLAIM_COMPLETE.
    assertThat(scenario.all(ServerFact.GraceEnded.class)).containsExactly(new ServerFact.GraceEnded(2, false));
    assertThat(scenario.waits.cycle()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void withTheRfcPolicyGraceEndsEarlyOnceEveryClientSentReclaimComplete(long seed) {
    MountAndReboot scenario = new MountAndReboot(Duration.ofSeconds(5), "nfs41sim.server.grace-ends-early=true");

    RunResult result = run(scenario, "random", seed);

    assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
    assertThat(scenario.all(ServerFact.GraceEnded.class)).containsExactly(new ServerFact.GraceEnded(2, true));
  }
}
