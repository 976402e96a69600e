package org.nfs41sim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.oracle.Violation;
import org.nfs41sim.sim.world.DeterministicSystem;

/**
 * The seeds on which the search found the legacy client's failures, checked in: the legacy client
 * still fails there, in the same ways; the fixed client, given the same workloads and reboots,
 * does not; and 500 further seeds of the fixed client are clean.
 */
class RegressionSeedsTest {
  private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private static Map<Long, Set<Violation.Kind>> expected;
  private static ScenarioRun.Spec legacy;

  @BeforeAll
  static void readTheList() throws IOException {
    expected = new TreeMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        RegressionSeedsTest.class.getResourceAsStream("/regression/deleg-return-reboot-legacy.seeds")),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        expected.put(Long.parseLong(parts[0]), Arrays.stream(parts[1].split(","))
            .map(k -> Violation.Kind.valueOf(k.toUpperCase(Locale.ROOT).replace('-', '_')))
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Violation.Kind.class))));
      }
    }
    legacy = new ScenarioRun.Spec("deleg-return-reboot", ScenarioFiles.load("deleg-return-reboot", List.of()),
        ClientVariant.LEGACY, "random", 0);
  }

  private static List<ScenarioRun.Report> run(ScenarioRun.Spec base, List<Long> seeds) {
    List<ScenarioRun.Report> out = new ArrayList<>();
    try (DeterministicSystem system = DeterministicSystem.create("regression")) {
      for (long seed : seeds) {
        out.add(ScenarioRun.run(system, base.withSeed(seed), null, false, null));
      }
    }
    return out;
  }

  @Test
  void theListCoversEveryKindTheLegacyClientShows() {
    Set<Violation.Kind> listed = EnumSet.noneOf(Violation.Kind.class);
    expected.values().forEach(listed::addAll);

    assertThat(listed).contains(Violation.Kind.LEAKED_DELEGATION, Violation.Kind.DEADLOCK,
        Violation.Kind.LOCK_SAFETY, Violation.Kind.LOST_LOCK);
  }

  @Test
  void theLegacyClientStillFailsOnEveryListedSeedInTheSameWays() {
    for (ScenarioRun.Report r : run(legacy, List.copyOf(expected.keySet()))) {
      assertThat(r.kinds()).as("legacy seed %d: %s", r.spec().seed(), r.violations())
          .isEqualTo(expected.get(r.spec().seed()));
    }
  }

  @Test
  void theFixedClientIsSafeOnTheSameSeeds() {
    for (ScenarioRun.Report r : run(legacy.withVariant(ClientVariant.FIXED), List.copyOf(expected.keySet()))) {
      assertThat(r.violations()).as("fixed seed %d", r.spec().seed()).isEmpty();
      assertThat(r.result().failed()).isFalse();
    }
  }

  @Test
  void moreRebootsLengthenTheHorizonSoHealthyRunsAreNotCalledStuck() {
    ScenarioRun.Spec busy = new ScenarioRun.Spec("deleg-return-reboot", ScenarioFiles.load("deleg-return-reboot",
        List.of("nfs41sim.faults.random-reboots=3", "nfs41sim.faults.targeted-reboots=2")), ClientVariant.FIXED,
        "random", 0);

    List<ScenarioRun.Report> reports = Explorer.explore(busy, 40, 89, THREADS, false, p -> { });

    assertThat(reports).allSatisfy(r -> assertThat(r.violations()).as("seed %d", r.spec().seed()).isEmpty());
    assertThat(reports).allSatisfy(r -> assertThat(r.horizon()).isGreaterThan(java.time.Duration.ofSeconds(80)));
  }

  @Test
  void fiveHundredMoreSeedsOfTheFixedClientAreClean() {
    List<ScenarioRun.Report> reports = Explorer.explore(legacy.withVariant(ClientVariant.FIXED), 20_001, 20_500,
        THREADS, false, p -> { });

    assertThat(reports).hasSize(500);
    assertThat(reports).allSatisfy(r -> assertThat(r.violations()).as("seed %d", r.spec().seed()).isEmpty());
    assertThat(reports.stream().mapToLong(r -> r.rebootsDuringReturns().size()).sum())
        .as("the race is exercised").isGreaterThan(250);
  }
}
