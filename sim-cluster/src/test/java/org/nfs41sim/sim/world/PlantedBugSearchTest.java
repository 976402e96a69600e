package org.nfs41sim.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nfs41sim.sim.showcase.PlantedBug;

/**
 * The search strategies earn their keep: random and PCT find the planted ordering bug within 100
 * seeds, FIFO never does, and a saved schedule replays the failing run exactly.
 */
class PlantedBugSearchTest {
  private static final int SEEDS = 100;

  /** The first seed (from 1) whose run shows the bug, or -1. */
  private static long firstFailingSeed(DeterministicSystem system, String strategy) {
    for (long seed = 1; seed <= SEEDS; seed++) {
      PlantedBug bug = new PlantedBug(3);
      system.run(Specs.with("nfs41sim.run.strategy=" + strategy).withSeed(seed), bug, null);
      if (!bug.violations().isEmpty()) {
        return seed;
      }
    }
    return -1;
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "pct"})
  void searchStrategiesFindThePlantedBug(String strategy) {
    try (DeterministicSystem system = DeterministicSystem.create("planted")) {
      assertThat(firstFailingSeed(system, strategy)).isBetween(1L, (long) SEEDS);
    }
  }

  @Test
  void fifoNeverFindsThePlantedBug() {
    try (DeterministicSystem system = DeterministicSystem.create("planted")) {
      assertThat(firstFailingSeed(system, "fifo")).isEqualTo(-1);
    }
  }

  @Test
  void aSavedScheduleReplaysTheFailingRunExactly(@TempDir Path dir) throws Exception {
    try (DeterministicSystem system = DeterministicSystem.create("planted")) {
      long seed = firstFailingSeed(system, "random");
      RunSpec spec = Specs.with("nfs41sim.run.strategy=random").withSeed(seed);
      PlantedBug failing = new PlantedBug(3);
      RunResult recorded = system.run(spec.recording(), failing, null);
      Path file = dir.resolve("failing.schedule");
      ScheduleFile.write(file, new ScheduleFile.Saved("test", seed, "random", "-", recorded.digest(),
          recorded.choices()));

      ScheduleFile.Saved saved = ScheduleFile.read(file);
      PlantedBug replayed = new PlantedBug(3);
      // A different strategy in the spec does not matter: the schedule decides every step.
      RunResult replay = system.run(spec.withStrategy("fifo").replaying(saved.choices()), replayed, null);

      assertThat(failing.violations()).isNotEmpty();
      assertThat(replayed.violations()).isEqualTo(failing.violations());
      assertThat(replay.failure()).isNull();
      assertThat(replay.digest()).isEqualTo(recorded.digest());
      assertThat(replay.steps()).isEqualTo(recorded.steps());
    }
  }

  @Test
  void aScheduleThatDoesNotFitTheRunIsReportedAsDiverged() {
    try (DeterministicSystem system = DeterministicSystem.create("planted")) {
      RunResult recorded = system.run(Specs.with().recording(), new PlantedBug(3), null);
      long[] wrong = recorded.choices().clone();
      wrong[3] = 9_999;

      RunResult replay = system.run(Specs.with().replaying(wrong), new PlantedBug(3), null);
      RunResult next = system.run(Specs.with(), new PlantedBug(3), null);

      assertThat(replay.failure()).contains("step 4").contains("#9999");
      assertThat(next.failed()).isFalse(); // the system settled after the divergence
      assertThat(next.digest()).isEqualTo(recorded.digest());
    }
  }
}
