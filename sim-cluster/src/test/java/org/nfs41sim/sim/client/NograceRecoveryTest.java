package org.nfs41sim.sim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.Application;
import org.nfs41sim.model.client.ClientSettings;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.model.client.NfsClient;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.Specs;
import org.nfs41sim.sim.world.World;

/**
 * A client that notices a reboot only after grace has ended gets NO_GRACE for its reclaims and
 * recovers through the NOGRACE pass with ordinary OPEN and LOCK; a conflicting lock another client
 * took meanwhile wins, and the first client's lock is lost (the loss of "locking atomicity").
 */
class NograceRecoveryTest {

  @Test
  void aLateClientRecoversItsOpenWithOrdinaryOpensAndLosesAConflictingLock() {
    List<Fact> facts = new ArrayList<>();
    Scenario scenario = new Scenario() {
      @Override
      public void build(World world) {
        Host serverHost = world.host("server");
        ActorRef<Server.Command> server = serverHost.spawn(Server.create(ConfigLoader.loadString("", "test",
            List.of("nfs41sim.server.lease-time=2s", "nfs41sim.server.grace-period=2s",
                "nfs41sim.server.delegation-policy=never")).server().settings(List.of("f1")), facts::add), "nfsd");
        ActorRef<String> watch = serverHost.spawn(Behaviors.<String>ignore(), "watch");
        Behavior<Void> operator = Behaviors.setup(ctx -> {
          ctx.scheduleOnce(Duration.ofSeconds(1), server, Server.Reboot.INSTANCE);
          // Periodic timers do not keep a run alive; this one-shot keeps it until c1 has renewed.
          ctx.scheduleOnce(Duration.ofSeconds(11), watch, "end of the observation");
          return Behaviors.empty();
        });
        serverHost.spawn(operator, "operator");
        // c1 renews far too rarely for this lease: it sees the reboot only after grace has ended
        // (and its lease keeps expiring, so it recovers again every renewal: the run goes on to
        // the horizon).
        client(world, server, "c1", Duration.ofSeconds(5), List.of(
            new Application.Open("f1", ShareAccess.WRITE), new Application.Lock("f1", LockType.WRITE_LT, 0, 10)));
        client(world, server, "c2", Duration.ofMillis(1300), List.of(
            new Application.Pause(Duration.ofMillis(3500)), new Application.Open("f1", ShareAccess.WRITE),
            new Application.Lock("f1", LockType.WRITE_LT, 0, 10)));
      }

      private void client(World world, ActorRef<Server.Command> server, String name, Duration renew,
          List<Application.Step> steps) {
        Host host = world.host(name);
        ActorRef<NfsClient.Command> nfs = host.spawn(NfsClient.create(
            new ClientSettings(name, ClientVariant.FIXED, renew), host.linkTo(server), facts::add), "nfs");
        host.spawn(Application.create(name, name + "-p1", nfs, steps, facts::add), "p1");
      }
    };

    RunResult result;
    try (DeterministicSystem system = DeterministicSystem.create("nograce")) {
      result = system.run(Specs.with("nfs41sim.run.horizon=12s"), scenario, null);
    }

    assertThat(result.failed()).isFalse();
    List<ServerFact.OpenGranted> c1Opens = facts.stream()
        .filter(f -> f instanceof ServerFact.OpenGranted o && o.epoch() == 2 && o.owner().equals("c1-p1"))
        .map(ServerFact.OpenGranted.class::cast).toList();
    assertThat(c1Opens).isNotEmpty().allSatisfy(o -> assertThat(o.claim()).isEqualTo(OpenClaimType.CLAIM_FH));
    assertThat(facts).filteredOn(f -> f instanceof ServerFact.LockGranted g && g.epoch() == 2)
        .extracting(f -> ((ServerFact.LockGranted) f).lockOwner()).containsOnly("c2-p1");
  }
}
