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
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.Specs;
import org.nfs41sim.sim.world.World;

/**
 * The interleavings of d25be546a86f's commit message, driven exactly: client c1 holds a
 * delegation D on f1 with two processes' cached opens and locks (the common setup of §1.6, with a
 * READ delegation and read locks, as nfsd grants no WRITE delegation); a
 * conflicting open from c2 recalls D; the server reboots at a named step of the return.
 */
class DelegationReturnInterleavingTest {

  /**
   * The common setup of §1.6: the server, and client c1 whose processes p1 and p2 open f1 for
   * reading under c1's READ delegation and take cached read locks [0,10) and [20,30).
   */
  private static Setup commonSetup(World world, ClientVariant variant, org.nfs41sim.model.facts.Observer observer) {
    ActorRef<Server.Command> server = world.host("server").spawn(Server.create(
        ConfigLoader.loadDefaults().server().settings(List.of("f1")), observer), "nfsd");
    Host c1 = world.host("c1");
    ActorRef<NfsClient.Command> nfs = c1.spawn(NfsClient.create(
        new ClientSettings("c1", variant, Duration.ofMillis(6667)), c1.linkTo(server), observer), "nfs");
    c1.spawn(Application.create("c1", "c1-p1", nfs, List.of(
        new Application.Open("f1", ShareAccess.READ),
        new Application.Lock("f1", LockType.READ_LT, 0, 10)), observer), "c1-p1");
    c1.spawn(Application.create("c1", "c1-p2", nfs, List.of(
        new Application.Pause(Duration.ofMillis(50)),
        new Application.Open("f1", ShareAccess.READ),
        new Application.Lock("f1", LockType.READ_LT, 20, 10)), observer), "c1-p2");
    return new Setup(server, nfs);
  }

  private record Setup(ActorRef<Server.Command> server, ActorRef<NfsClient.Command> c1) {}

  /** §1.6(a): the reboot falls right after the first claim OPEN's reply, before the claim LOCK. */
  private static final class RebootDuringAsyncReturn implements Scenario {
    final ClientVariant variant;
    final List<Fact> facts = new ArrayList<>();
    final List<NfsRequest.Open> reclaims = new ArrayList<>();
    ActorRef<Server.Command> server;
    boolean rebooted;
    int claimOpensSeen;

    RebootDuringAsyncReturn(ClientVariant variant) {
      this.variant = variant;
    }

    @Override
    public void build(World world) {
      server = commonSetup(world, variant, facts::add).server();
      Host c2 = world.host("c2");
      ActorRef<NfsClient.Command> nfs2 = c2.spawn(NfsClient.create(
          new ClientSettings("c2", variant, Duration.ofMillis(6667)), c2.linkTo(server), facts::add), "nfs");
      c2.spawn(Application.create("c2", "c2-p1", nfs2, List.of(
          new Application.Pause(Duration.ofMillis(200)),
          new Application.Open("f1", ShareAccess.WRITE),
          new Application.Lock("f1", LockType.WRITE_LT, 5, 10)), facts::add), "c2-p1");
    }

    /** Watches what reaches the server; reboots it when the first claim OPEN has been answered. */
    void delivered(String receiver, Object message) {
      if (message instanceof Server.Call call && call.request() instanceof NfsRequest.Open open) {
        if (open.claim() == OpenClaimType.CLAIM_DELEG_CUR_FH && !rebooted && ++claimOpensSeen == 1) {
          // The first claim OPEN is in the server's mailbox; it is answered before the reboot.
          server.tell(Server.Reboot.INSTANCE);
          rebooted = true;
        }
        if (open.claim() == OpenClaimType.CLAIM_PREVIOUS && open.owner().startsWith("c1-")) {
          reclaims.add(open);
        }
      }
    }

    <T> List<T> all(Class<T> type) {
      return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  private static RebootDuringAsyncReturn runA(ClientVariant variant) {
    RebootDuringAsyncReturn scenario = new RebootDuringAsyncReturn(variant);
    try (DeterministicSystem system = DeterministicSystem.create("interleaving")) {
      RunResult result = system.run(Specs.with("nfs41sim.run.strategy=fifo", "nfs41sim.run.horizon=120s"),
          scenario, (e, t, s, r, c, m) -> scenario.delivered(r, m));
      assertThat(result.failed()).isFalse();
    }
    return scenario;
  }

  @ParameterizedTest
  @EnumSource(ClientVariant.class)
  void rebootDuringAnAsynchronousReturn(ClientVariant variant) {
    RebootDuringAsyncReturn run = runA(variant);

    List<ClientFact.DelegationChanged> c1Delegation = run.all(ClientFact.DelegationChanged.class).stream()
        .filter(d -> d.client().equals("c1")).toList();
    assertThat(run.rebooted).isTrue();
    if (variant == ClientVariant.LEGACY) {
      // D was detached before the claim and stays so: never returned, reclaimed or reaped.
      assertThat(c1Delegation).last().satisfies(d -> assertThat(d.state()).isEqualTo("DETACHED"));
      assertThat(run.reclaims).isNotEmpty()
          .allSatisfy(o -> assertThat(o.reclaimType()).isEqualTo(OpenDelegationType.NONE));
    } else {
      // D stayed attached (RETURNING), was reclaimed with CLAIM_PREVIOUS, then returned.
      assertThat(run.reclaims).anySatisfy(o -> assertThat(o.reclaimType()).isEqualTo(OpenDelegationType.READ));
      assertThat(c1Delegation).last().satisfies(d -> assertThat(d.state()).isEqualTo("RETURNED"));
      assertThat(run.all(ServerFact.DelegationEnded.class))
          .anySatisfy(end -> assertThat(end.why()).isEqualTo(ServerFact.Release.RETURNED));
      // The application's locks are on the server: c2's conflicting lock is denied.
      assertThat(run.all(ClientFact.OpReturned.class).stream().filter(o -> o.process().equals("c2-p1")))
          .extracting(ClientFact.OpReturned::result).containsExactly("0", "EAGAIN");
    }
  }

  /**
   * §1.6(b): process c1-p3 returns D synchronously (chmod); the server reboots once its first
   * claim OPEN has arrived, and at that instant c1 learns of it (renewd's SEQUENCE meets
   * BADSESSION), so the state manager drains the session before c1-p3 sends its claim LOCK.
   */
  private static final class RebootDuringSyncReturn implements Scenario {
    final ClientVariant variant;
    final List<Fact> facts = new ArrayList<>();
    final org.nfs41sim.sim.oracle.WaitForGraph waits = new org.nfs41sim.sim.oracle.WaitForGraph();
    ActorRef<Server.Command> server;
    ActorRef<NfsClient.Command> c1;
    boolean rebooted;

    RebootDuringSyncReturn(ClientVariant variant) {
      this.variant = variant;
    }

    @Override
    public void build(World world) {
      Setup setup = commonSetup(world, variant, this::report);
      server = setup.server();
      c1 = setup.c1();
      Host host = world.host("c1");
      host.spawn(Application.create("c1", "c1-p3", c1, List.of(
          new Application.Pause(Duration.ofMillis(200)),
          new Application.Chmod("f1")), this::report), "c1-p3");
    }

    void report(Fact fact) {
      facts.add(fact);
      waits.report(fact);
    }

    void delivered(Object message) {
      if (!rebooted && message instanceof Server.Call call && call.request() instanceof NfsRequest.Open open
          && open.claim() == OpenClaimType.CLAIM_DELEG_CUR_FH) {
        rebooted = true;
        server.tell(Server.Reboot.INSTANCE);
        c1.tell(new NfsClient.Schedule(org.nfs41sim.model.client.ClientBit.SESSION_RESET));
      }
    }

    <T> List<T> all(Class<T> type) {
      return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  @ParameterizedTest
  @EnumSource(ClientVariant.class)
  void rebootDuringASynchronousReturn(ClientVariant variant) {
    RebootDuringSyncReturn run = new RebootDuringSyncReturn(variant);
    try (DeterministicSystem system = DeterministicSystem.create("interleaving")) {
      RunResult result = system.run(Specs.with("nfs41sim.run.strategy=fifo", "nfs41sim.run.horizon=120s"),
          run, (e, t, s, r, c, m) -> run.delivered(m));
      assertThat(result.failed()).isFalse();
    }
    boolean chmodReturned = run.all(ClientFact.OpReturned.class).stream().anyMatch(o -> o.process().equals("c1-p3"));

    assertThat(run.rebooted).isTrue();
    if (variant == ClientVariant.LEGACY) {
      // The returner holds rwsem and sleeps on the drain; the state manager waits for the rwsem.
      assertThat(chmodReturned).isFalse();
      assertThat(run.waits.describeCycle()).contains("drain@c1 held by state-manager@c1, waited for by c1-p3@c1")
          .contains("rwsem(inode f1)@c1 held by c1-p3@c1, waited for by state-manager@c1");
    } else {
      assertThat(chmodReturned).isTrue();
      assertThat(run.waits.cycle()).isEmpty();
      List<ClientFact.DelegationChanged> d = run.all(ClientFact.DelegationChanged.class);
      assertThat(d).anySatisfy(x -> assertThat(x.flags()).contains("NEED_RECLAIM"));
      assertThat(d).last().satisfies(x -> assertThat(x.state()).isEqualTo("RETURNED"));
      // RETURNING kept the opens real, so recovery reclaimed both processes' locks in grace.
      assertThat(run.all(ServerFact.LockGranted.class).stream().filter(g -> g.epoch() == 2 && g.reclaim()))
          .extracting(ServerFact.LockGranted::lockOwner).contains("c1-p1", "c1-p2");
      assertThat(run.all(ServerFact.OpenGranted.class).stream().filter(o -> o.epoch() == 2))
          .noneMatch(o -> o.claim() == OpenClaimType.CLAIM_DELEG_CUR_FH);
    }
  }
}
