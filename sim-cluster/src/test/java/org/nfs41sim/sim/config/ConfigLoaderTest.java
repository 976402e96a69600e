package org.nfs41sim.sim.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  /** Writes a scenario file and returns its path. */
  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** The message of the ConfigError that loading throws; asserts it is one line. */
  private static String errorOf(Path file, String... sets) {
    try {
      ConfigLoader.load(file, List.of(sets));
    } catch (ConfigError e) {
      assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigError");
  }

  @Test
  void defaultsLoadWithTheDocumentedValues() {
    Nfs41Config config = ConfigLoader.loadDefaults();

    assertThat(config.run())
        .isEqualTo(new RunSettings(1, "random", 3, 2000, 10_000_000, Duration.ofSeconds(60)));
    assertThat(config.network().defaults())
        .isEqualTo(new LinkSettings(
            new DelaySettings("uniform", Duration.ofNanos(200_000), Duration.ofMillis(5), Duration.ofMillis(1)),
            0.0, 0.0, true));
    assertThat(config.network().links()).isEmpty();
    assertThat(config.network().partitions()).isEmpty();
    assertThat(config.showcase()).isEqualTo(new ShowcaseSettings(3, 24, 40));
  }

  @Test
  void setOverridesOneValueAndLeavesTheRest() {
    Nfs41Config config = ConfigLoader.load(null, List.of("nfs41sim.network.loss=0.25", "nfs41sim.run.seed=42"));

    assertThat(config.network().defaults().loss()).isEqualTo(0.25);
    assertThat(config.run().seed()).isEqualTo(42);
    assertThat(config.run().strategy()).isEqualTo("random");
  }

  @Test
  void laterSetWinsOverEarlierSetAndOverTheFile() throws IOException {
    Path scenario = file("s.conf", "nfs41sim.run.seed = 5\nnfs41sim.run.strategy = fifo\n");

    Nfs41Config config = ConfigLoader.load(scenario, List.of("nfs41sim.run.seed=6", "nfs41sim.run.seed=7"));

    assertThat(config.run().seed()).isEqualTo(7);
    assertThat(config.run().strategy()).isEqualTo("fifo");
  }

  @Test
  void unknownKeyNamesFileAndLine() throws IOException {
    Path scenario = file("x.conf", "nfs41sim {\n  run {\n    seed = 3\n    sede = 4\n  }\n}\n");

    assertThat(errorOf(scenario))
        .startsWith(scenario + ":4: ")
        .contains("unknown key nfs41sim.run.sede")
        .contains("did you mean nfs41sim.run.seed?");
  }

  @Test
  void unknownKeyInsideALinkRuleIsReported() throws IOException {
    Path scenario = file("x.conf", "nfs41sim.network.links = [\n  { from = a, to = b, los = 0.1 }\n]\n");

    assertThat(errorOf(scenario)).startsWith(scenario + ":2: ").contains("nfs41sim.network.links[0].los");
  }

  @Test
  void topLevelKeysOutsideNfs41simAndPekkoAreUnknown() throws IOException {
    assertThat(errorOf(file("x.conf", "akka.loglevel = INFO\n"))).contains("unknown key akka.loglevel");
    assertThat(ConfigLoader.load(file("y.conf", "pekko.loglevel = INFO\n"), List.of()).config()
        .getString("pekko.loglevel")).isEqualTo("INFO");
  }

  @Test
  void unknownKeyFromSetNamesTheFlag() {
    assertThat(errorOf(null, "nfs41sim.run.bogus=1"))
        .isEqualTo("--set nfs41sim.run.bogus=1: unknown key nfs41sim.run.bogus");
  }

  @Test
  void wrongTypeNamesKeyAndValue() throws IOException {
    Path scenario = file("x.conf", "nfs41sim.run.step-budget = lots\n");

    assertThat(errorOf(scenario)).isEqualTo(scenario + ":1: nfs41sim.run.step-budget = lots is not a whole number");
    assertThat(errorOf(null, "nfs41sim.network.reorder=maybe")).contains("is not a boolean");
    assertThat(errorOf(null, "nfs41sim.run.horizon=soon")).contains("nfs41sim.run.horizon = soon is not a duration");
    assertThat(errorOf(null, "nfs41sim.network.delay=5")).contains("nfs41sim.network.delay = 5 is not an object");
    assertThat(errorOf(null, "nfs41sim.network.links=5")).contains("nfs41sim.network.links = 5 is not a list");
  }

  @Test
  void negativeDelayIsRejected() {
    assertThat(errorOf(null, "nfs41sim.network.delay.min=-1ms"))
        .isEqualTo("--set nfs41sim.network.delay.min=-1ms: nfs41sim.network.delay.min = -1ms is negative");
  }

  @Test
  void minAboveMaxIsRejectedAtTheBoundTheUserWrote() throws IOException {
    Path scenario = file("x.conf", "\nnfs41sim.network.delay.min = 6ms\n");

    assertThat(errorOf(scenario)).isEqualTo(scenario + ":2: nfs41sim.network.delay.min = 6ms is greater than "
        + "nfs41sim.network.delay.max = 5ms");
  }

  @Test
  void probabilityAboveOneIsRejected() {
    assertThat(errorOf(null, "nfs41sim.network.loss=1.5"))
        .isEqualTo("--set nfs41sim.network.loss=1.5: nfs41sim.network.loss = 1.5 is not a probability in [0,1]");
  }

  @Test
  void badStrategyListsTheChoices() {
    assertThat(errorOf(null, "nfs41sim.run.strategy=dfs"))
        .isEqualTo("--set nfs41sim.run.strategy=dfs: nfs41sim.run.strategy must be one of fifo, random, pct");
  }

  @Test
  void impossibleSizesAndDurationsAreRejected() {
    assertThat(errorOf(null, "nfs41sim.run.horizon=0s")).contains("nfs41sim.run.horizon = 0s must be > 0");
    assertThat(errorOf(null, "nfs41sim.run.pct.depth=0")).contains("nfs41sim.run.pct.depth = 0 must be >= 1");
    assertThat(errorOf(null, "nfs41sim.showcase.churn.workers=19")).contains("must be >= 20");
  }

  @Test
  void setWithoutEqualsIsAConfigError() {
    assertThat(errorOf(null, "nfs41sim.run.seed")).isEqualTo("--set nfs41sim.run.seed: expected key=value");
  }

  @Test
  void syntaxErrorIsOneLineWithFileAndLine() throws IOException {
    Path scenario = file("x.conf", "nfs41sim.run {\n  seed = 1\n");

    assertThat(errorOf(scenario)).startsWith(scenario + ":");
  }

  @Test
  void missingFileIsOneLine() {
    Path missing = dir.resolve("nope.conf");

    assertThat(errorOf(missing)).isEqualTo(missing + ": no such file");
  }

  @Test
  void relativeFileNotOnDiskIsFoundOnTheClasspath() {
    Nfs41Config config = ConfigLoader.load(Path.of("config/defaults.conf"), List.of());

    assertThat(config).isEqualTo(ConfigLoader.loadDefaults());
  }

  @Test
  void substitutionsResolveAgainstTheDefaults() {
    Nfs41Config config = ConfigLoader.loadString(
        "nfs41sim.network.delay.max = ${nfs41sim.network.delay.mean}", "inline", List.of());

    assertThat(config.network().defaults().delay().max()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void fingerprintIsStableAndFollowsTheSettings() {
    Nfs41Config defaults = ConfigLoader.loadDefaults();
    Nfs41Config lossy = ConfigLoader.load(null, List.of("nfs41sim.network.loss=0.1"));

    assertThat(defaults.fingerprint()).hasSize(64).isEqualTo(ConfigLoader.loadDefaults().fingerprint());
    assertThat(lossy.fingerprint()).isNotEqualTo(defaults.fingerprint());
  }

  @Test
  void withSeedChangesTheSeedEverywhere() {
    Nfs41Config defaults = ConfigLoader.loadDefaults();
    Nfs41Config seeded = defaults.withSeed(99);

    assertThat(seeded.run().seed()).isEqualTo(99);
    assertThat(seeded.config().getLong("nfs41sim.run.seed")).isEqualTo(99);
    assertThat(seeded.fingerprint())
        .isEqualTo(ConfigLoader.load(null, List.of("nfs41sim.run.seed=99")).fingerprint())
        .isNotEqualTo(defaults.fingerprint());
    assertThat(seeded.withSeed(1).fingerprint()).isEqualTo(defaults.fingerprint());
  }
}
