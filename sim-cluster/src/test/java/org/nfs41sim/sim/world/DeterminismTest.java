package org.nfs41sim.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nfs41sim.sim.runtime.RunEnd;
import org.nfs41sim.sim.showcase.Churn;

/**
 * A run is a pure function of (configuration, seed): the churn workload (24 actors on four hosts
 * with timers, spawn/stop/watch, message adapters, random choices and link delay) gives equal
 * digests run twice in fresh systems, in one reused system, and in a second JVM.
 */
class DeterminismTest {
  private static final int SEEDS = 200;

  private static RunResult run(DeterministicSystem system, long seed) {
    Churn churn = new Churn(24, 40);
    RunResult result = system.run(Specs.with().withSeed(seed), churn, null);
    assertThat(result.failure()).isNull();
    assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
    assertThat(churn.helpersStopped()).isPositive();
    return result;
  }

  private static Map<Long, String> freshDigests() {
    Map<Long, String> digests = new LinkedHashMap<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      try (DeterministicSystem system = DeterministicSystem.create("determinism")) {
        digests.put(seed, run(system, seed).digest());
      }
    }
    return digests;
  }

  @Test
  void everySeedGivesTheSameDigestInFreshAndReusedSystems() {
    Map<Long, String> first = freshDigests();
    Map<Long, String> second = freshDigests();
    Map<Long, String> reused = new LinkedHashMap<>();
    try (DeterministicSystem system = DeterministicSystem.create("determinism")) {
      for (long seed = 1; seed <= SEEDS; seed++) {
        reused.put(seed, run(system, seed).digest());
      }
    }

    assertThat(second).isEqualTo(first);
    assertThat(reused).isEqualTo(first);
    assertThat(new HashSet<>(first.values())).as("distinct interleavings").hasSizeGreaterThan(SEEDS * 9 / 10);
  }

  @Test
  void pctRunsAreAsReproducibleAsRandomOnes() {
    Map<Long, String> fresh = new LinkedHashMap<>();
    Map<Long, String> reused = new LinkedHashMap<>();
    RunSpec pct = Specs.with("nfs41sim.run.strategy=pct");
    for (long seed = 1; seed <= 30; seed++) {
      try (DeterministicSystem system = DeterministicSystem.create("determinism")) {
        fresh.put(seed, system.run(pct.withSeed(seed), new Churn(24, 40), null).digest());
      }
    }
    try (DeterministicSystem system = DeterministicSystem.create("determinism")) {
      for (long seed = 1; seed <= 30; seed++) {
        reused.put(seed, system.run(pct.withSeed(seed), new Churn(24, 40), null).digest());
      }
    }

    assertThat(reused).isEqualTo(fresh);
    assertThat(new HashSet<>(fresh.values())).hasSizeGreaterThan(25);
  }

  @Test
  void aRunDeliversThousandsOfMessagesAcrossHosts() {
    try (DeterministicSystem system = DeterministicSystem.create("determinism")) {
      RunResult result = run(system, 7);

      assertThat(result.events()).isGreaterThan(3_000);
      assertThat(result.network().sent()).isGreaterThan(500);
      assertThat(result.virtualNanos()).isPositive();
    }
  }

  @Test
  void aSecondJvmComputesTheSameDigests() throws IOException, InterruptedException {
    int seeds = SEEDS;
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"),
        "org.nfs41sim.cli.Main", "determinism", "--seeds", String.valueOf(seeds), "--mode", "reused",
        "--print-digests"));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    Map<Long, String> here = new LinkedHashMap<>();
    try (DeterministicSystem system = DeterministicSystem.create("determinism")) {
      for (long seed = 1; seed <= seeds; seed++) {
        here.put(seed, run(system, seed).digest());
      }
    }
    for (Map.Entry<Long, String> e : here.entrySet()) {
      assertThat(output).contains("seed " + e.getKey() + " digest " + e.getValue());
    }
  }
}
