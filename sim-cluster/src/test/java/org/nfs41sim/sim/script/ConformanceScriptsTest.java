package org.nfs41sim.sim.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.config.Nfs41Config;

/**
 * Every script in config/scripts passes against the server, under the default seed and under
 * other seeds and strategies; every script in config/script-deviations still fails (each records
 * a known departure of the server from RFC 8881, and must move to config/scripts once fixed).
 */
class ConformanceScriptsTest {
  /** The scripts, read from the source tree (the tests run in the sim-cluster module). */
  static final Path SCRIPTS = Path.of("../config/scripts");
  static final Path DEVIATIONS = Path.of("../config/script-deviations");

  @TestFactory
  Stream<DynamicTest> everyConformanceScriptPasses() {
    Nfs41Config config = ConfigLoader.loadDefaults();
    List<Path> scripts = ScriptFiles.inDirectory(SCRIPTS);
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(25);
    return scripts.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      ScriptResult result = run(file, config);

      assertThat(result.passed()).as(String.join("\n", result.lines())).isTrue();
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyConformanceScriptPassesUnderOtherSeedsAndStrategies() {
    return Stream.of("random", "pct", "fifo").map(strategy -> DynamicTest.dynamicTest(strategy, () -> {
      for (long seed = 2; seed <= 4; seed++) {
        Nfs41Config config = ConfigLoader.loadString("", "test",
            List.of("nfs41sim.run.strategy=" + strategy, "nfs41sim.run.seed=" + seed));
        try (ScriptRunner runner = new ScriptRunner(config, false)) {
          for (Path file : ScriptFiles.inDirectory(SCRIPTS)) {
            ScriptResult result = runner.run(ScriptParser.parse(file, config));

            assertThat(result.passed()).as(file + " seed " + seed + "\n" + String.join("\n", result.lines()))
                .isTrue();
          }
        }
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyKnownDeviationStillFails() {
    Nfs41Config config = ConfigLoader.loadDefaults();
    return ScriptFiles.inDirectory(DEVIATIONS).stream().map(file -> DynamicTest.dynamicTest(
        file.getFileName().toString(), () -> {
          ScriptResult result = run(file, config);

          assertThat(result.passed())
              .as(file + " passes now: the server conforms here, so move it to config/scripts")
              .isFalse();
          assertThat(result.failure()).doesNotContain("no reply").doesNotContain("run ended");
        }));
  }

  private static ScriptResult run(Path file, Nfs41Config config) {
    Script script = ScriptParser.parse(file, config);
    try (ScriptRunner runner = new ScriptRunner(config, false)) {
      return runner.run(script);
    }
  }
}
