package org.nfs41sim.sim.showcase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.nfs41sim.sim.net.Host;
import org.nfs41sim.sim.random.RandomSource;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.World;

/**
 * The determinism workload: workers on four hosts pass tokens to random peers across links,
 * start rounds from periodic timers, spawn, watch and stop helper children with single timers,
 * and take replies through message adapters. It touches every part of the runtime a model uses,
 * so equal digests across runs, systems and JVMs mean the runtime itself is deterministic.
 */
public final class Churn implements Scenario {
  private static final List<String> HOSTS = List.of("rack-a", "rack-b", "rack-c", "rack-d");

  private final int workers;
  private final int rounds;
  private int finished;
  private long helpersStopped;

  public Churn(int workers, int rounds) {
    this.workers = workers;
    this.rounds = rounds;
  }

  @Override
  public void build(World world) {
    RandomSource workload = world.stream("workload");
    List<Host> hosts = HOSTS.stream().map(world::host).toList();
    List<ActorRef<Worker.Command>> refs = new ArrayList<>();
    List<Host> placement = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Host host = hosts.get(i % hosts.size());
      RandomSource choices = RandomSource.stream(workload.nextLong(), "worker");
      refs.add(host.spawn(Worker.create(choices, rounds, this::workerFinished), "worker-" + i));
      placement.add(host);
    }
    for (int i = 0; i < workers; i++) {
      Host from = placement.get(i);
      List<ActorRef<Worker.Command>> peers = refs.stream().map(from::linkTo).toList();
      refs.get(i).tell(new Worker.Meet(peers));
    }
  }

  private void workerFinished(long helpers) {
    finished++;
    helpersStopped += helpers;
  }

  @Override
  public boolean done() {
    return finished == workers;
  }

  /** Helpers stopped and watched to their end across all workers. */
  public long helpersStopped() {
    return helpersStopped;
  }

  /** A worker: starts a round per tick, passes tokens on, and checks them in through a helper. */
  static final class Worker extends AbstractBehavior<Worker.Command> {
    interface Command {}

    record Meet(List<ActorRef<Command>> peers) implements Command {}

    record Token(int hops, ActorRef<Receipt> replyTo) implements Command {}

    record Receipt(int hops) {}

    private record Receipted(Receipt receipt) implements Command {}

    private enum Tick implements Command { INSTANCE }

    private record HelperDone(int hops) implements Command {}

    interface Finished {
      void finished(long helpersStopped);
    }

    private final RandomSource random;
    private final TimerScheduler<Command> timers;
    private final ActorRef<Receipt> receipts;
    private final Finished finished;
    private int roundsLeft;
    private int outstanding;
    private long helpers;
    private long helpersStopped;
    private List<ActorRef<Command>> peers = List.of();

    static Behavior<Command> create(RandomSource random, int rounds, Finished finished) {
      return Behaviors.setup(ctx -> Behaviors.withTimers(
          timers -> new Worker(ctx, timers, random, rounds, finished)));
    }

    private Worker(ActorContext<Command> ctx, TimerScheduler<Command> timers, RandomSource random,
        int rounds, Finished finished) {
      super(ctx);
      this.timers = timers;
      this.random = random;
      this.roundsLeft = rounds;
      this.finished = finished;
      this.receipts = ctx.messageAdapter(Receipt.class, Receipted::new);
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(Meet.class, this::onMeet)
          .onMessageEquals(Tick.INSTANCE, this::onTick)
          .onMessage(Token.class, this::onToken)
          .onMessage(Receipted.class, this::onReceipted)
          .onMessage(HelperDone.class, this::onHelperDone)
          .onSignal(Terminated.class, this::onHelperStopped)
          .build();
    }

    private Behavior<Command> onMeet(Meet meet) {
      peers = meet.peers();
      timers.startTimerWithFixedDelay(Tick.INSTANCE,
          Duration.ofMillis(1 + random.nextInt(5)), Duration.ofMillis(5));
      return this;
    }

    private Behavior<Command> onTick() {
      if (roundsLeft == 0) {
        return this;
      }
      roundsLeft--;
      outstanding++;
      pickPeer().tell(new Token(0, receipts));
      if (roundsLeft == 0) {
        timers.cancel(Tick.INSTANCE);
      }
      return this;
    }

    private Behavior<Command> onToken(Token token) {
      if (token.hops() < 3 && random.chance(0.6)) {
        pickPeer().tell(new Token(token.hops() + 1, token.replyTo()));
      } else {
        ActorRef<Helper.Command> helper = getContext().spawn(
            Helper.create(getContext().getSelf(), token, Duration.ofMillis(1 + random.nextInt(3))),
            "helper-" + (++helpers));
        getContext().watch(helper);
      }
      return this;
    }

    private Behavior<Command> onHelperDone(HelperDone done) {
      return this;
    }

    private Behavior<Command> onHelperStopped(Terminated terminated) {
      helpersStopped++;
      return this;
    }

    private Behavior<Command> onReceipted(Receipted receipted) {
      outstanding--;
      if (roundsLeft == 0 && outstanding == 0) {
        finished.finished(helpersStopped);
      }
      return this;
    }

    private ActorRef<Command> pickPeer() {
      return peers.get(random.nextInt(peers.size()));
    }
  }

  /** Holds a token for a while, then sends the receipt and stops. */
  static final class Helper {
    interface Command {}

    private enum Expired implements Command { INSTANCE }

    static Behavior<Command> create(ActorRef<Worker.Command> parent, Worker.Token token, Duration hold) {
      return Behaviors.withTimers(timers -> {
        timers.startSingleTimer(Expired.INSTANCE, hold);
        return Behaviors.receive(Command.class)
            .onMessageEquals(Expired.INSTANCE, () -> {
              token.replyTo().tell(new Worker.Receipt(token.hops()));
              parent.tell(new Worker.HelperDone(token.hops()));
              return Behaviors.stopped();
            })
            .build();
      });
    }
  }
}
