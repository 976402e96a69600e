package org.nfs41sim.sim.world;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nfs41sim.sim.net.Network;
import org.nfs41sim.sim.random.RandomSource;
import org.nfs41sim.sim.runtime.DeliveryListener;
import org.nfs41sim.sim.runtime.Driver;
import org.nfs41sim.sim.runtime.ForeignSubmissionException;
import org.nfs41sim.sim.runtime.MessageRenderer;
import org.nfs41sim.sim.runtime.Pending;
import org.nfs41sim.sim.runtime.ReplayDivergedException;
import org.nfs41sim.sim.runtime.RunDigest;
import org.nfs41sim.sim.runtime.RunEnd;
import org.nfs41sim.sim.runtime.RunLimits;
import org.nfs41sim.sim.runtime.SchedulingStrategy;
import org.nfs41sim.sim.runtime.Strategies;
import org.nfs41sim.sim.runtime.VirtualTimeScheduler;

/**
 * One Pekko actor system under the driver, running scenarios one after another. The thread that
 * creates it is its driver thread. Each run spawns a fresh world actor ({@code /user/run}) that
 * owns the run's actors and links, runs to its end, and is stopped and settled before the next,
 * with every timer dropped: a run in a reused system gives the digest of a run in a fresh one.
 */
public final class DeterministicSystem implements AutoCloseable {
  private static final long SETTLE_BUDGET = 50_000_000;

  private final ActorSystem<Guardian.Command> system;
  private final Driver driver;

  private DeterministicSystem(String name) {
    this.system = ActorSystem.create(Guardian.create(), name, pekkoConfig());
    this.driver = driverOf(system);
    driver.hide("/user");
    settle();
  }

  /** Pekko's settings in deterministic mode (config/deterministic.conf over Pekko's defaults). */
  public static Config pekkoConfig() {
    return ConfigFactory.parseResources("config/deterministic.conf")
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  /** The driver of a system created with {@link #pekkoConfig()}. */
  public static Driver driverOf(ActorSystem<?> system) {
    return ((VirtualTimeScheduler) Adapter.toClassic(system).scheduler()).driver();
  }

  /** Creates a system whose driver thread is the calling thread. */
  public static DeterministicSystem create(String name) {
    return new DeterministicSystem(name);
  }

  public Driver driver() {
    return driver;
  }

  /** Runs {@code scenario} under {@code spec}; only deliveries of this run reach {@code listener}. */
  public RunResult run(RunSpec spec, Scenario scenario, DeliveryListener listener) {
    SchedulingStrategy strategy = spec.replay() != null
        ? Strategies.replay(spec.replay())
        : Strategies.create(spec.strategy(), RandomSource.stream(spec.seed(), "scheduler"),
            spec.pctDepth(), spec.pctExpectedSteps());
    WorldState built = new WorldState();
    MessageRenderer renderer = new MessageRenderer(ref -> built.network == null
        ? ref.path().toStringWithoutAddress() : built.network.label(ref));
    RunDigest digest = new RunDigest(renderer);
    DeliveryListener both = listener == null ? digest : (e, t, s, r, c, m) -> {
      digest.delivered(e, t, s, r, c, m);
      listener.delivered(e, t, s, r, c, m);
    };
    driver.beginRun(strategy, both, spec.recordSchedule());

    Behavior<Void> world = Behaviors.setup(ctx -> {
      built.network = new Network(spec.network(), RandomSource.stream(spec.seed(), "network"), driver, ctx);
      try {
        scenario.build(new World(spec.seed(), built.network, driver));
      } catch (RuntimeException e) {
        built.failure = e;
      }
      return Behaviors.empty();
    });
    system.tell(new Guardian.StartWorld(world));

    RunEnd end = null;
    String failure = null;
    boolean foreign = false;
    try {
      end = driver.run(RunLimits.of(spec.horizon(), spec.stepBudget(), scenario::done, scenario::settled));
    } catch (ForeignSubmissionException e) {
      failure = e.getMessage();
      foreign = true;
    } catch (ReplayDivergedException e) {
      failure = e.getMessage();
    }
    Pending pending = driver.pending();
    RunResult result = new RunResult(spec.seed(), strategy.name(), end, failure, driver.steps(),
        driver.events(), driver.nowNanos(), digest.hex(), pending,
        built.network == null ? new Network.Stats(0, 0, 0, 0) : built.network.stats(),
        driver.recordedChoices());

    system.tell(Guardian.StopWorld.INSTANCE);
    if (!foreign) {
      settle(); // a diverged replay leaves a usable system; a foreign thread does not
    }
    if (built.failure != null) {
      throw new IllegalStateException("the scenario failed to build: " + built.failure, built.failure);
    }
    return result;
  }

  /** Runs what is runnable (and any one-shot timer) to the end, unrecorded. */
  private void settle() {
    driver.beginSettling();
    RunEnd end = driver.run(new RunLimits(Long.MAX_VALUE, SETTLE_BUDGET, () -> true));
    if (end == RunEnd.STEP_BUDGET) {
      throw new IllegalStateException("the system did not settle within " + SETTLE_BUDGET + " steps");
    }
  }

  @Override
  public void close() {
    system.terminate();
    try {
      settle();
    } catch (ForeignSubmissionException ignored) {
      // a failed run's system is thrown away as it is
    }
  }

  /** What the world actor's setup made, read by the run after it (all on the driver thread). */
  private static final class WorldState {
    Network network;
    RuntimeException failure;
  }

  /** The user guardian: starts and stops the world actor of each run. */
  static final class Guardian {
    interface Command {}

    record StartWorld(Behavior<Void> world) implements Command {}

    enum StopWorld implements Command { INSTANCE }

    static Behavior<Command> create() {
      return Behaviors.setup(ctx -> {
        ActorRef<?>[] current = new ActorRef<?>[1];
        return Behaviors.receive(Command.class)
            .onMessage(StartWorld.class, start -> {
              current[0] = ctx.spawn(start.world(), "run");
              return Behaviors.same();
            })
            .onMessageEquals(StopWorld.INSTANCE, () -> {
              if (current[0] != null) {
                ctx.stop(current[0]);
                current[0] = null;
              }
              return Behaviors.same();
            })
            .build();
      });
    }
  }
}
