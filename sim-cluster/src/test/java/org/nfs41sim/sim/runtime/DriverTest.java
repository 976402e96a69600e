package org.nfs41sim.sim.runtime;

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

/** The driver's contract: virtual time, the end of a run, the pending probe, foreign threads. */
class DriverTest {

  /** A scenario of one actor built from a behavior. */
  private static Scenario one(Behavior<?> behavior, boolean[] done) {
    return new Scenario() {
      @Override
      public void build(World world) {
        world.host("h").spawn(behavior, "a");
      }

      @Override
      public boolean done() {
        return done == null || done[0];
      }
    };
  }

  @Test
  void timersFireInVirtualTimeOrderWithoutWaiting() {
    List<String> fired = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    Behavior<String> timed = Behaviors.withTimers(timers -> {
      timers.startSingleTimer("late", "late", Duration.ofHours(2));
      timers.startSingleTimer("early", "early", Duration.ofSeconds(30));
      return Behaviors.receive(String.class).onAnyMessage(m -> {
        fired.add(m);
        return Behaviors.same();
      }).build();
    });
    try (DeterministicSystem system = DeterministicSystem.create("t")) {
      long started = System.nanoTime();

      RunResult result = system.run(Specs.with("nfs41sim.run.horizon=3h"), one(timed, null),
          (e, t, s, r, c, m) -> times.add(t));

      assertThat(fired).containsExactly("early", "late");
      assertThat(times).containsExactly(Duration.ofSeconds(30).toNanos(), Duration.ofHours(2).toNanos());
      assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
      assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(20).toNanos());
    }
  }

  @Test
  void periodicTimersDoNotKeepAFinishedRunAlive() {
    Behavior<String> ticking = Behaviors.withTimers(timers -> {
      timers.startTimerAtFixedRate("tick", "tick", Duration.ofSeconds(1));
      return Behaviors.receive(String.class).onAnyMessage(m -> Behaviors.same()).build();
    });
    boolean[] done = {false};
    try (DeterministicSystem system = DeterministicSystem.create("t")) {
      RunResult unfinished = system.run(Specs.with("nfs41sim.run.horizon=10s"), one(ticking, done), null);
      done[0] = true;
      RunResult finished = system.run(Specs.with("nfs41sim.run.horizon=10s"), one(ticking, done), null);

      assertThat(unfinished.end()).isEqualTo(RunEnd.HORIZON);
      assertThat(unfinished.events()).isEqualTo(10);
      assertThat(finished.end()).isEqualTo(RunEnd.COMPLETED);
      assertThat(finished.events()).isZero();
      assertThat(finished.pending().timers()).singleElement()
          .satisfies(t -> assertThat(t.periodic()).isTrue());
    }
  }

  @Test
  void pekkoStartsNoThreadOfItsOwn() {
    try (DeterministicSystem system = DeterministicSystem.create("threadless")) {
      Behavior<String> timed = Behaviors.withTimers(timers -> {
        timers.startSingleTimer("t", "t", Duration.ofSeconds(1));
        return Behaviors.receive(String.class).onAnyMessage(m -> Behaviors.same()).build();
      });

      system.run(Specs.with(), one(timed, null), null);

      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().startsWith("threadless"));
    }
  }

  @Test
  void aCancelledTimerNeitherFiresNorKeepsTheRunAlive() {
    List<String> fired = new ArrayList<>();
    Behavior<String> cancelling = Behaviors.withTimers(timers -> {
      timers.startSingleTimer("late", "late", Duration.ofSeconds(10));
      timers.startSingleTimer("cancel", "cancel", Duration.ofSeconds(1));
      return Behaviors.receive(String.class).onAnyMessage(m -> {
        fired.add(m);
        timers.cancel("late");
        return Behaviors.same();
      }).build();
    });
    try (DeterministicSystem system = DeterministicSystem.create("t")) {
      RunResult result = system.run(Specs.with(), one(cancelling, null), null);

      assertThat(fired).containsExactly("cancel");
      assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
      assertThat(result.virtualNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }
  }

  @Test
  void aRunWithNothingLeftToDoButNotDoneIsIdle() {
    boolean[] done = {false};
    try (DeterministicSystem system = DeterministicSystem.create("t")) {
      RunResult result = system.run(Specs.with(), one(Behaviors.empty(), done), null);

      assertThat(result.end()).isEqualTo(RunEnd.IDLE);
    }
  }

  @Test
  void manyPendingTimersFireInOrder() {
    int n = 50_000;
    List<Integer> order = new ArrayList<>();
    Behavior<Integer> many = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      for (int i = n - 1; i >= 0; i--) {
        timers.startSingleTimer(i, i, Duration.ofMillis(1 + i));
      }
      return Behaviors.receive(Integer.class).onAnyMessage(i -> {
        order.add(i);
        return Behaviors.same();
      }).build();
    }));
    try (DeterministicSystem system = DeterministicSystem.create("t")) {
      system.run(Specs.with("nfs41sim.run.horizon=1h"), one(many, null), null);

      assertThat(order).hasSize(n).isSorted();
    }
  }

  @Test
  void theStepBudgetEndsALivelockAndTheProbeShowsWhatIsQueued() {
    Behavior<String> echo = Behaviors.setup(ctx -> {
      ctx.getSelf().tell("again");
      ctx.getSelf().tell("again");
      return Behaviors.receive(String.class).onAnyMessage(m -> {
        ctx.getSelf().tell(m);
        return Behaviors.same();
      }).build();
    });
    try (DeterministicSystem system = DeterministicSystem.create("t")) {
      RunResult result = system.run(Specs.with("nfs41sim.run.step-budget=1000"), one(echo, null), null);

      assertThat(result.end()).isEqualTo(RunEnd.STEP_BUDGET);
      assertThat(result.steps()).isEqualTo(1000);
      assertThat(result.virtualNanos()).isZero();
      assertThat(result.pending().queued()).singleElement().satisfies(q -> {
        assertThat(q.actor()).isEqualTo("/user/run/h.a");
        assertThat(q.messages()).containsOnly("again");
      });
    }
  }

  @Test
  void aMessageFromAnotherThreadFailsTheRunNamingTheThread() throws InterruptedException {
    Behavior<String> waiting = Behaviors.withTimers(timers -> {
      timers.startSingleTimer("wake", Duration.ofSeconds(5));
      return Behaviors.receive(String.class).onAnyMessage(m -> Behaviors.same()).build();
    });
    boolean[] done = {false};
    Scenario scenario = new Scenario() {
      @Override
      public void build(World world) {
        ActorRef<String> a = world.host("h").spawn(waiting, "a");
        Thread intruder = new Thread(() -> a.tell("hello"), "intruder-thread");
        // Started from inside the run, on purpose: the tell races with the driver.
        intruder.start();
        try {
          intruder.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public boolean done() {
        return done[0];
      }
    };
    DeterministicSystem system = DeterministicSystem.create("t");

    RunResult result = system.run(Specs.with(), scenario, null);

    assertThat(result.failed()).isTrue();
    assertThat(result.failure()).contains("'intruder-thread'").doesNotContain("\n");
    system.close();
  }
}
