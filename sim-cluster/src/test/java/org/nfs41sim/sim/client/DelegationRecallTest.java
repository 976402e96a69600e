package org.nfs41sim.sim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nfs41sim.model.client.Application;
import org.nfs41sim.model.client.ClientSettings;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.model.client.NfsClient;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.OpenClaimType;
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
 * Without a reboot, every variant returns a recalled delegation whole: c1's processes open f1 for
 * reading under a READ delegation (nfsd grants no other kind), c2's open for writing recalls it,
 * c1's state manager claims both opens with CLAIM_DELEG_CUR_FH and sends DELEGRETURN, and c2's
 * retried open succeeds.
 */
class DelegationRecallTest {

  private static final class Recall implements Scenario {
    final ClientVariant variant;
    final boolean locks;
    final List<Fact> facts = new ArrayList<>();

    Recall(ClientVariant variant, boolean locks) {
      this.variant = variant;
      this.locks = locks;
    }

    @Override
    public void build(World world) {
      Host serverHost = world.host("server");
      ActorRef<Server.Command> server = serverHost.spawn(
          Server.create(ConfigLoader.loadDefaults().server().settings(List.of("f1")), facts::add), "nfsd");
      List<Application.Step> p1 = new ArrayList<>(List.of(new Application.Open("f1", ShareAccess.READ)));
      List<Application.Step> p2 = new ArrayList<>(List.of(new Application.Pause(Duration.ofMillis(50)),
          new Application.Open("f1", ShareAccess.READ)));
      List<Application.Step> q1 = new ArrayList<>(List.of(new Application.Pause(Duration.ofMillis(200)),
          new Application.Open("f1", ShareAccess.WRITE)));
      if (locks) {
        p1.add(new Application.Lock("f1", LockType.READ_LT, 0, 10));
        p2.add(new Application.Lock("f1", LockType.READ_LT, 20, 10));
        q1.add(new Application.Lock("f1", LockType.WRITE_LT, 5, 10));
      }
      client(world, server, "c1", List.of(p1, p2));
      client(world, server, "c2", List.of(q1));
    }

    private void client(World world, ActorRef<Server.Command> server, String name,
        List<List<Application.Step>> processes) {
      Host host = world.host(name);
      ActorRef<NfsClient.Command> nfs = host.spawn(NfsClient.create(
          new ClientSettings(name, variant, Duration.ofMillis(6667)), host.linkTo(server), facts::add), "nfs");
      for (int i = 0; i < processes.size(); i++) {
        String process = name + "-p" + (i + 1);
        host.spawn(Application.create(name, process, nfs, processes.get(i), facts::add), process);
      }
    }

    <T> List<T> all(Class<T> type) {
      return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  private static RunResult run(Recall scenario, long seed, List<Object> claims) {
    try (DeterministicSystem system = DeterministicSystem.create("recall")) {
      return system.run(Specs.with().withSeed(seed), scenario, (e, t, s, r, c, m) -> {
        if (m instanceof Server.Call call && call.request() instanceof NfsRequest.Open open
            && open.claim() == OpenClaimType.CLAIM_DELEG_CUR_FH) {
          claims.add(open.owner());
        } else if (m instanceof Server.Call call && call.request() instanceof NfsRequest.Lock lock
            && lock.locker() instanceof NfsRequest.NewLockOwner owner && owner.lockOwner().startsWith("c1-")) {
          claims.add("LOCK " + owner.lockOwner());
        }
      });
    }
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @CsvSource({"LEGACY, 1", "LEGACY, 2", "SEED, 1", "SEED, 2", "FIXED, 1", "FIXED, 2"})
  void aRecalledDelegationIsClaimedAndReturned(ClientVariant variant, long seed) {
    Recall scenario = new Recall(variant, false);
    List<Object> claims = new ArrayList<>();

    RunResult result = run(scenario, seed, claims);

    assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
    assertThat(scenario.all(ClientFact.OpReturned.class)).extracting(ClientFact.OpReturned::result)
        .containsOnly("0").hasSize(3);
    assertThat(claims).containsExactlyInAnyOrder("c1-p1", "c1-p2");
    assertThat(scenario.all(ServerFact.DelegationEnded.class)).singleElement()
        .satisfies(end -> assertThat(end.why()).isEqualTo(ServerFact.Release.RETURNED));
    assertThat(scenario.all(ClientFact.DelegationChanged.class)).last()
        .satisfies(d -> assertThat(d.state()).isEqualTo("RETURNED"));
    List<String> states = scenario.all(ClientFact.DelegationChanged.class).stream()
        .map(ClientFact.DelegationChanged::state).distinct().toList();
    assertThat(states).containsExactlyElementsOf(variant == ClientVariant.LEGACY
        ? List.of("ATTACHED", "DETACHED", "RETURNED")
        : List.of("ATTACHED", "RETURNING", "DETACHED", "RETURNED"));
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @CsvSource({"LEGACY, 1", "SEED, 1", "FIXED, 1", "FIXED, 2"})
  void cachedLocksAreClaimedSoTheOtherClientsConflictingLockIsDenied(ClientVariant variant, long seed) {
    Recall scenario = new Recall(variant, true);
    List<Object> claims = new ArrayList<>();

    RunResult result = run(scenario, seed, claims);

    assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
    assertThat(claims).contains("LOCK c1-p1", "LOCK c1-p2");
    assertThat(scenario.all(ClientFact.LockHeld.class)).extracting(ClientFact.LockHeld::process)
        .containsExactlyInAnyOrder("c1-p1", "c1-p2");
    assertThat(scenario.all(ClientFact.OpReturned.class).stream().filter(o -> o.process().equals("c2-p1")))
        .extracting(ClientFact.OpReturned::result).containsExactly("0", "EAGAIN");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"LEGACY", "FIXED"})
  void theClientModelRunsTheSameForTheSameSeedInFreshAndReusedSystems(ClientVariant variant) {
    List<String> fresh = new ArrayList<>();
    for (long seed = 1; seed <= 5; seed++) {
      fresh.add(run(new Recall(variant, true), seed, new ArrayList<>()).digest());
    }
    List<String> reused = new ArrayList<>();
    try (DeterministicSystem system = DeterministicSystem.create("recall")) {
      for (long seed = 1; seed <= 5; seed++) {
        reused.add(system.run(Specs.with().withSeed(seed), new Recall(variant, true), null).digest());
      }
    }

    assertThat(reused).isEqualTo(fresh);
    assertThat(new java.util.HashSet<>(fresh)).hasSizeGreaterThan(1);
  }
}
