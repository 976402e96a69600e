package org.nfs41sim.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.Application;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.config.WorkloadSettings;
import org.nfs41sim.sim.random.RandomSource;

/** The workload is the seed's, and it has what the scenario needs for the races to arise. */
class WorkloadGeneratorTest {
  private static final WorkloadSettings SETTINGS = ConfigLoader.load(
      java.nio.file.Path.of("config/scenarios/deleg-return-reboot.conf"), List.of()).workload();

  private static Workload of(long seed) {
    return WorkloadGenerator.generate(SETTINGS, RandomSource.stream(seed, "workload"));
  }

  private static List<Application.Step> steps(Workload w) {
    return w.clients().stream().flatMap(c -> c.processes().stream()).flatMap(p -> p.steps().stream()).toList();
  }

  @Test
  void theSameSeedGivesTheSameWorkloadAndAnotherSeedAnother() {
    assertThat(of(5)).isEqualTo(of(5));
    assertThat(of(6)).isNotEqualTo(of(5));
  }

  @Test
  void clientsProcessesAndFilesAreAsConfigured() {
    Workload w = of(1);

    assertThat(w.clients()).extracting(Workload.Client::name).containsExactly("c1", "c2", "c3");
    assertThat(w.clients()).allSatisfy(c -> assertThat(c.processes()).hasSize(2));
    assertThat(w.clients().get(1).processes()).extracting(Workload.Process::name).containsExactly("c2-p1", "c2-p2");
    assertThat(w.files()).containsExactly("f1", "f2");
  }

  @Test
  void everySectionOpensLocksUnlocksAndClosesWithThinkTimeBeforeEachStep() {
    for (Workload.Client c : of(2).clients()) {
      for (Workload.Process p : c.processes()) {
        List<Application.Step> steps = p.steps();
        for (int i = 0; i < steps.size(); i += 2) {
          assertThat(steps.get(i)).isInstanceOf(Application.Pause.class);
          assertThat(steps.get(i + 1)).isNotInstanceOf(Application.Pause.class);
        }
        long opens = steps.stream().filter(Application.Open.class::isInstance).count();
        long closes = steps.stream().filter(Application.Close.class::isInstance).count();
        long locks = steps.stream().filter(Application.Lock.class::isInstance).count();
        long unlocks = steps.stream().filter(Application.Unlock.class::isInstance).count();
        assertThat(closes).isEqualTo(opens);
        assertThat(unlocks).isEqualTo(locks);
        assertThat(steps.get(steps.size() - 1)).isInstanceOf(Application.Close.class);
      }
    }
  }

  @Test
  void overTwentySeedsTheWorkloadHasEveryIngredientOfTheRace() {
    List<Application.Step> all = new java.util.ArrayList<>();
    for (long seed = 1; seed <= 20; seed++) {
      all.addAll(steps(of(seed)));
    }

    assertThat(all).anyMatch(s -> s instanceof Application.Chmod);
    assertThat(all).noneMatch(s -> s instanceof Application.Unlink); // weight 0 in this scenario
    assertThat(all).anyMatch(s -> s instanceof Application.Lock l && l.type() == LockType.WRITE_LT);
    assertThat(all).anyMatch(s -> s instanceof Application.Lock l && l.type() == LockType.READ_LT);
    assertThat(all).filteredOn(Application.Open.class::isInstance).allMatch(s -> ((Application.Open) s).create());
  }

  @Test
  void thePlannedLengthIsTheLongestProcesssThinkTime() {
    Workload w = of(3);
    Duration longest = w.clients().stream().flatMap(c -> c.processes().stream())
        .map(p -> p.steps().stream().filter(Application.Pause.class::isInstance)
            .map(s -> ((Application.Pause) s).duration()).reduce(Duration.ZERO, Duration::plus))
        .max(Duration::compareTo).orElseThrow();

    assertThat(w.plannedLength()).isEqualTo(longest).isPositive();
  }
}
