package org.nfs41sim.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.Specs;
import org.nfs41sim.sim.world.World;

/** Links delay, reorder, lose, duplicate and cut messages by seeded draws; replies cross back. */
class NetworkTest {
  private static final int MESSAGES = 200;

  record Numbered(int n, ActorRef<Reply> replyTo) {}

  record Reply(int n) {}

  /** A delivery seen at the receiver or back at the sender. */
  record Seen(String receiver, String sender, long timeNanos, Object message) {}

  /** Host a sends MESSAGES numbered messages at time 0 to a receiver on host b that replies. */
  private static final class Burst implements Scenario {
    final boolean sameHost;
    final List<Integer> received = new ArrayList<>();
    final List<Integer> replies = new ArrayList<>();

    Burst(boolean sameHost) {
      this.sameHost = sameHost;
    }

    @Override
    public void build(World world) {
      Host a = world.host("a");
      Host b = sameHost ? a : world.host("b");
      ActorRef<Numbered> receiver = b.spawn(Behaviors.receive(Numbered.class).onAnyMessage(m -> {
        received.add(m.n());
        m.replyTo().tell(new Reply(m.n()));
        return Behaviors.same();
      }).build(), "receiver");
      ActorRef<Numbered> link = a.linkTo(receiver);
      Behavior<Reply> sender = Behaviors.setup(ctx -> {
        for (int i = 0; i < MESSAGES; i++) {
          link.tell(new Numbered(i, ctx.getSelf()));
        }
        return Behaviors.receive(Reply.class).onAnyMessage(r -> {
          replies.add(r.n());
          return Behaviors.same();
        }).build();
      });
      a.spawn(sender, "sender");
    }
  }

  private static RunResult run(Burst burst, List<Seen> seen, String... sets) {
    try (DeterministicSystem system = DeterministicSystem.create("net")) {
      return system.run(Specs.with(sets), burst, (e, t, s, r, c, m) -> seen.add(new Seen(r, s, t, m)));
    }
  }

  @Test
  void delaysAreDrawnFromTheLinkDistributionAndReorderMessages() {
    Burst burst = new Burst(false);
    List<Seen> seen = new ArrayList<>();

    run(burst, seen, "nfs41sim.network.delay.min=1ms", "nfs41sim.network.delay.max=3ms");

    List<Seen> atReceiver = seen.stream().filter(s -> s.receiver().endsWith("b.receiver")).toList();
    assertThat(atReceiver).hasSize(MESSAGES)
        .allSatisfy(s -> assertThat(s.timeNanos()).isBetween(1_000_000L, 3_000_000L))
        .allSatisfy(s -> assertThat(s.sender()).isEqualTo("/user/run/a.sender"));
    assertThat(burst.received).containsExactlyInAnyOrderElementsOf(range()).isNotEqualTo(range());
  }

  @Test
  void aLinkWithoutReorderingDeliversInSendOrder() {
    Burst burst = new Burst(false);

    run(burst, new ArrayList<>(), "nfs41sim.network.reorder=false");

    assertThat(burst.received).isEqualTo(range());
  }

  @Test
  void repliesCrossTheNetworkBackToTheSender() {
    Burst burst = new Burst(false);
    List<Seen> seen = new ArrayList<>();

    RunResult result = run(burst, seen, "nfs41sim.network.delay.min=2ms", "nfs41sim.network.delay.max=2ms",
        "nfs41sim.network.delay.distribution=constant");

    List<Seen> replies = seen.stream().filter(s -> s.receiver().endsWith("a.sender")).toList();
    assertThat(replies).hasSize(MESSAGES)
        .allSatisfy(s -> assertThat(s.timeNanos()).isEqualTo(4_000_000L))
        .allSatisfy(s -> assertThat(s.sender()).isEqualTo("/user/run/b.receiver"));
    assertThat(result.network().sent()).isEqualTo(2L * MESSAGES);
  }

  @Test
  void messagesWithinAHostAreNotDelayed() {
    Burst burst = new Burst(true);
    List<Seen> seen = new ArrayList<>();

    RunResult result = run(burst, seen);

    assertThat(seen).hasSize(2 * MESSAGES).allSatisfy(s -> assertThat(s.timeNanos()).isZero());
    assertThat(result.network().sent()).isZero();
  }

  @Test
  void aLossyLinkDropsMessages() {
    Burst all = new Burst(false);
    Burst some = new Burst(false);

    RunResult lostAll = run(all, new ArrayList<>(), "nfs41sim.network.loss=1");
    RunResult lostSome = run(some, new ArrayList<>(), "nfs41sim.network.loss=0.5");

    assertThat(all.received).isEmpty();
    assertThat(lostAll.network().lost()).isEqualTo(MESSAGES);
    assertThat(some.received.size()).isBetween(MESSAGES / 4, MESSAGES * 3 / 4);
  }

  @Test
  void aDuplicatingLinkDeliversTwice() {
    Burst burst = new Burst(false);

    RunResult result = run(burst, new ArrayList<>(), "nfs41sim.network.duplicate=1");

    assertThat(burst.received).hasSize(2 * MESSAGES);
    assertThat(burst.replies).hasSize(4 * MESSAGES);
    assertThat(result.network().duplicated()).isEqualTo(MESSAGES + 2L * MESSAGES);
  }

  @Test
  void aPartitionCutsBothDirectionsWhileInForce() {
    Burst cut = new Burst(false);
    Burst healed = new Burst(false);
    String partition = "nfs41sim.network.partitions=[{a=[a], b=[\"b*\"], at=%s, duration=1s}]";

    run(cut, new ArrayList<>(), String.format(partition, "0s"));
    run(healed, new ArrayList<>(), String.format(partition, "1s"));

    assertThat(cut.received).isEmpty();
    assertThat(healed.received).hasSize(MESSAGES);
  }

  @Test
  void overlappingCutsOfAHostHoldItsTrafficUntilTheLastHealsThenDeliverItInOrder() {
    Burst burst = new Burst(false);
    List<Seen> seen = new ArrayList<>();
    Scenario cutTwice = world -> {
      burst.build(world);
      Network network = world.network();
      network.cut("b", m -> false); // a lost connection of b ...
      network.cut("b", m -> false); // ... and a partition of b, overlapping it
      world.host("a").spawn(Behaviors.<String>setup(ctx -> {
        ctx.scheduleOnce(Duration.ofMillis(3), ctx.getSelf(), "first");
        ctx.scheduleOnce(Duration.ofMillis(6), ctx.getSelf(), "last");
        return Behaviors.receive(String.class).onAnyMessage(which -> {
          network.heal("b");
          return Behaviors.same();
        }).build();
      }), "operator");
    };

    try (DeterministicSystem system = DeterministicSystem.create("net")) {
      system.run(Specs.with("nfs41sim.network.delay.distribution=constant", "nfs41sim.network.delay.min=1ms",
          "nfs41sim.network.reorder=false"), cutTwice, (e, t, snd, r, c, m) -> seen.add(new Seen(r, snd, t, m)));
    }

    assertThat(seen.stream().filter(x -> x.receiver().endsWith("b.receiver")))
        .hasSize(MESSAGES).allSatisfy(x -> assertThat(x.timeNanos()).isEqualTo(6_000_000L));
    assertThat(burst.received).isEqualTo(range()); // held, not lost, and in the order sent
  }

  @Test
  void aPartitionCutsRepliesToo() {
    Burst burst = new Burst(false);

    // Requests leave at 0 and arrive at 2 ms; the partition starts at 1 ms, so every reply is cut.
    RunResult result = run(burst, new ArrayList<>(), "nfs41sim.network.delay.distribution=constant",
        "nfs41sim.network.delay.min=2ms", "nfs41sim.network.partitions=[{a=[a], b=[b], at=1ms, duration=1s}]");

    assertThat(burst.received).hasSize(MESSAGES);
    assertThat(burst.replies).isEmpty();
    assertThat(result.network().cut()).isEqualTo(MESSAGES);
  }

  @Test
  void perLinkRulesOverrideTheDefaults() {
    Burst burst = new Burst(false);
    List<Seen> seen = new ArrayList<>();

    run(burst, seen, "nfs41sim.network.links=[{from=a, to=b, delay{distribution=constant, min=7ms}}]");

    assertThat(seen.stream().filter(s -> s.receiver().endsWith("b.receiver")))
        .hasSize(MESSAGES)
        .allSatisfy(s -> assertThat(s.timeNanos()).isEqualTo(Duration.ofMillis(7).toNanos()));
  }

  private static List<Integer> range() {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      r.add(i);
    }
    return r;
  }
}
