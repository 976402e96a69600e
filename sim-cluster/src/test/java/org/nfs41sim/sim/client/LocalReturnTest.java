package org.nfs41sim.sim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nfs41sim.model.client.Application;
import org.nfs41sim.model.client.ClientSettings;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.model.client.NfsClient;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.runtime.RunEnd;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.Specs;
import org.nfs41sim.sim.world.World;

/**
 * Local operations return a delegation synchronously in the calling process (§1.3 item 2): an
 * open for write under a READ delegation, chmod and unlink.
 */
class LocalReturnTest {

  private static List<Fact> run(ClientVariant variant, List<Application.Step> p1, List<Application.Step> p2) {
    List<Fact> facts = new ArrayList<>();
    Scenario scenario = new Scenario() {
      @Override
      public void build(World world) {
        ActorRef<Server.Command> server = world.host("server").spawn(
            Server.create(ConfigLoader.loadDefaults().server().settings(List.of("f1")), facts::add), "nfsd");
        Host c1 = world.host("c1");
        ActorRef<NfsClient.Command> nfs = c1.spawn(NfsClient.create(
            new ClientSettings("c1", variant, Duration.ofMillis(6667)), c1.linkTo(server), facts::add), "nfs");
        c1.spawn(Application.create("c1", "p1", nfs, p1, facts::add), "p1");
        c1.spawn(Application.create("c1", "p2", nfs, p2, facts::add), "p2");
      }
    };
    try (DeterministicSystem system = DeterministicSystem.create("local")) {
      RunResult result = system.run(Specs.with(), scenario, null);
      assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
    }
    return facts;
  }

  private static List<String> results(List<Fact> facts, String process) {
    return facts.stream().filter(f -> f instanceof ClientFact.OpReturned r && r.process().equals(process))
        .map(f -> ((ClientFact.OpReturned) f).op() + "=" + ((ClientFact.OpReturned) f).result()).toList();
  }

  private static boolean returnedOnServer(List<Fact> facts) {
    return facts.stream().anyMatch(f -> f instanceof ServerFact.DelegationEnded e
        && e.why() == ServerFact.Release.RETURNED);
  }

  @ParameterizedTest
  @EnumSource(ClientVariant.class)
  void anOpenForWriteUnderAReadDelegationReturnsItFirst(ClientVariant variant) {
    List<Fact> facts = run(variant, List.of(new Application.Open("f1", ShareAccess.READ)),
        List.of(new Application.Pause(Duration.ofMillis(50)), new Application.Open("f1", ShareAccess.READ),
            new Application.Open("f1", ShareAccess.WRITE)));

    assertThat(results(facts, "p2")).containsExactly("open(READ)=0", "open(WRITE)=0");
    assertThat(returnedOnServer(facts)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(ClientVariant.class)
  void chmodAndUnlinkReturnTheDelegationBeforeTheirRpc(ClientVariant variant) {
    List<Fact> facts = run(variant, List.of(new Application.Open("f1", ShareAccess.READ)),
        List.of(new Application.Pause(Duration.ofMillis(50)), new Application.Chmod("f1"),
            new Application.Unlink("f1")));

    assertThat(results(facts, "p2")).containsExactly("chmod=0", "unlink=0");
    assertThat(returnedOnServer(facts)).isTrue();
  }
}
