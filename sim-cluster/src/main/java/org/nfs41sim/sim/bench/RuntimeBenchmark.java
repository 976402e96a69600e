package org.nfs41sim.sim.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.nfs41sim.sim.random.RandomSource;
import org.nfs41sim.sim.runtime.Driver;
import org.nfs41sim.sim.runtime.RunLimits;
import org.nfs41sim.sim.runtime.Strategies;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ping-pong throughput, in messages per second: (a) Pekko's fork-join executor with one thread
 * and throughput 1, against (b) the controlled dispatcher under the driver with the random
 * strategy. Run it through {@code nfs41sim bench runtime}, which prints the comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuntimeBenchmark {
  static final int MESSAGES_PER_INVOCATION = 1_000_000;

  @Param({"1", "1000"})
  public int pairs;

  @Param({"forkjoin", "controlled"})
  public String mode;

  private ActorSystem<PingPong.Go> system;
  private Driver driver;

  @Setup(Level.Trial)
  public void start() {
    if (mode.equals("controlled")) {
      system = ActorSystem.create(PingPong.guardian(pairs), "bench", DeterministicSystem.pekkoConfig());
      driver = DeterministicSystem.driverOf(system);
      driver.beginSettling();
      driver.run(RunLimits.drain());
      driver.beginRun(Strategies.create("random", RandomSource.stream(1, "scheduler"), 3, 1000),
          null, false);
      driver.run(RunLimits.drain());
    } else {
      system = ActorSystem.create(PingPong.guardian(pairs), "bench", forkJoinConfig());
    }
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES_PER_INVOCATION)
  public void pingPong() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(pairs);
    if (driver != null) {
      driver.adopt();
      system.tell(new PingPong.Go(MESSAGES_PER_INVOCATION / pairs, done));
      driver.run(RunLimits.drain());
    } else {
      system.tell(new PingPong.Go(MESSAGES_PER_INVOCATION / pairs, done));
    }
    done.await();
  }

  @TearDown(Level.Trial)
  public void stop() {
    system.terminate();
    if (driver != null) {
      driver.run(RunLimits.drain());
    }
  }

  /** The baseline: Pekko's own fork-join executor, one thread, one message per mailbox run. */
  static Config forkJoinConfig() {
    return ConfigFactory.parseString("""
        pekko.actor.default-dispatcher {
          executor = "fork-join-executor"
          fork-join-executor { parallelism-min = 1, parallelism-factor = 1.0, parallelism-max = 1 }
          throughput = 1
        }
        pekko.loglevel = WARNING
        pekko.use-slf4j = off
        pekko.loggers = ["org.apache.pekko.event.Logging$StandardOutLogger"]
        """).withFallback(ConfigFactory.defaultReference()).resolve();
  }
}
