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
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.oracle.Violation;
import org.nfs41sim.sim.world.DeterministicSystem;

/**
 * The seeds on which the search found what each client variant shows, checked in for both
 * scenarios: each still shows exactly those kinds; the fixed client, given the same workloads and
 * faults, shows none on any of them; and 500 further seeds of the fixed client are clean.
 */
class RegressionSeedsTest {
  private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** One line of the list: a run and the exact kinds it shows. */
  private record Listed(String scenario, ClientVariant variant, long seed, Set<Violation.Kind> kinds) {}

  private static List<Listed> listed;
  private static ScenarioRun.Spec reboot;

  @BeforeAll
  static void readTheList() throws IOException {
    listed = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        RegressionSeedsTest.class.getResourceAsStream("/regression/regression.seeds")), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        Set<Violation.Kind> kinds = EnumSet.noneOf(Violation.Kind.class);
        if (!parts[3].equals("none")) {
          Arrays.stream(parts[3].split(","))
              .map(k -> Violation.Kind.valueOf(k.toUpperCase(Locale.ROOT).replace('-', '_'))).forEach(kinds::add);
        }
        listed.add(new Listed(parts[0], ClientVariant.valueOf(parts[1].toUpperCase(Locale.ROOT)),
            Long.parseLong(parts[2]), kinds));
      }
    }
    reboot = spec("deleg-return-reboot", ClientVariant.FIXED);
  }

  private static ScenarioRun.Spec spec(String scenario, ClientVariant variant) {
    return new ScenarioRun.Spec(scenario, ScenarioFiles.load(scenario, List.of()), variant, "random", 0);
  }

  private static ScenarioRun.Report run(DeterministicSystem system, String scenario, ClientVariant variant, long seed) {
    return ScenarioRun.run(system, spec(scenario, variant).withSeed(seed), null, false, null);
  }

  @Test
  void theListCoversBothScenariosAndEveryVariant() {
    assertThat(listed).extracting(Listed::scenario).contains("deleg-return-reboot", "deleg-return-faults");
    assertThat(listed).extracting(Listed::variant).contains(ClientVariant.values());
    Set<Violation.Kind> legacy = EnumSet.noneOf(Violation.Kind.class);
    listed.stream().filter(l -> l.variant() == ClientVariant.LEGACY).forEach(l -> legacy.addAll(l.kinds()));
    assertThat(legacy).contains(Violation.Kind.LEAKED_DELEGATION, Violation.Kind.DEADLOCK,
        Violation.Kind.LOCK_SAFETY, Violation.Kind.STATEID_MISUSE, Violation.Kind.LOST_LOCK);
  }

  @Test
  void everyListedRunStillShowsExactlyItsKinds() {
    try (DeterministicSystem system = DeterministicSystem.create("regression")) {
      for (Listed l : listed) {
        ScenarioRun.Report r = run(system, l.scenario(), l.variant(), l.seed());
        assertThat(r.kinds()).as("%s %s seed %d: %s", l.scenario(), l.variant(), l.seed(), r.violations())
            .isEqualTo(l.kinds());
      }
    }
  }

  @Test
  void theFixedClientIsSafeOnEveryListedSeed() {
    try (DeterministicSystem system = DeterministicSystem.create("regression")) {
      listed.stream().map(l -> l.scenario() + " " + l.seed()).distinct().forEach(key -> {
        String[] parts = key.split(" ");
        ScenarioRun.Report r = run(system, parts[0], ClientVariant.FIXED, Long.parseLong(parts[1]));
        assertThat(r.violations()).as("fixed, %s", key).isEmpty();
        assertThat(r.result().failed()).isFalse();
      });
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
    List<ScenarioRun.Report> reports = Explorer.explore(reboot, 20_001, 20_500,
        THREADS, false, p -> { });

    assertThat(reports).hasSize(500);
    assertThat(reports).allSatisfy(r -> assertThat(r.violations()).as("seed %d", r.spec().seed()).isEmpty());
    assertThat(reports.stream().mapToLong(r -> r.rebootsDuringReturns().size()).sum())
        .as("the race is exercised").isGreaterThan(250);
  }
}
