package org.nfs41sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nfs41sim.sim.trace.Trace;
import org.nfs41sim.sim.trace.TraceReader;

/** run, explore, replay and demo, as a user types them, and what they say to bad input. */
class ScenarioCommandsTest {
  private static final Pattern DIGEST = Pattern.compile("digest: ([0-9a-f]{64})");
  private static final Pattern REPLAY = Pattern.compile("replay: \\./nfs41sim (replay .*)");

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  /** Splits a printed command line the way a shell would (it quotes --set values with '...'). */
  private static String[] words(String line) {
    return Arrays.stream(line.split(" ")).map(w -> w.replace("'", "")).toArray(String[]::new);
  }

  @Test
  void runPrintsWhatItFoundAndAReplayCommandThatReproducesIt() {
    CliRun first = run("run", "--scenario", "deleg-return-reboot", "--variant", "legacy", "--seed", "242");
    String replay = find(REPLAY, first.out());

    CliRun again = run(words(replay));

    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.out()).contains("violation: deadlock").contains("rwsem(inode")
        .contains("reboot during a return:");
    assertThat(replay).contains("--variant legacy").contains("--seed 242").contains("--strategy random");
    assertThat(again.exitCode()).isZero();
    assertThat(find(DIGEST, again.out())).isEqualTo(find(DIGEST, first.out()));
  }

  @Test
  void aSavedScheduleReplaysToTheRecordedDigest() {
    Path schedule = dir.resolve("s.schedule");
    CliRun recorded = run("run", "--variant", "fixed", "--seed", "4", "--strategy", "pct", "--save-schedule",
        schedule.toString());

    CliRun replayed = run("replay", "--variant", "fixed", "--seed", "4", "--strategy", "pct", "--schedule",
        schedule.toString());
    CliRun wrongSeed = run("replay", "--variant", "fixed", "--seed", "5", "--strategy", "pct", "--schedule",
        schedule.toString());

    assertThat(recorded.exitCode()).isZero();
    assertThat(replayed.exitCode()).isZero();
    assertThat(replayed.out()).contains("the digest matches the recorded run");
    assertThat(find(DIGEST, replayed.out())).isEqualTo(find(DIGEST, recorded.out()));
    assertThat(wrongSeed.exitCode()).isEqualTo(2);
    assertThat(wrongSeed.err()).contains("s.schedule").hasLineCount(1);
  }

  @Test
  void runWritesItsTraceAndLeavesNoPartialFile() throws IOException {
    Path file = dir.resolve("run.trace");

    CliRun result = run("run", "--variant", "legacy", "--seed", "242", "--trace", file.toString());
    Trace trace = TraceReader.read(file);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(trace.header().variant()).isEqualTo("legacy");
    assertThat(trace.header().seed()).isEqualTo(242);
    assertThat(trace.events()).isNotEmpty();
    assertThat(trace.markers()).anyMatch(m -> m.kind().equals("VIOLATION") && m.detail().startsWith("deadlock"));
    assertThat(trace.outcome()).startsWith("seed 242 legacy");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("run.trace");
    }
  }

  @Test
  void exploreReportsEveryKindInSeedOrderAndExitsOneOnAViolation() {
    CliRun legacy = run("explore", "--variant", "legacy", "--seeds", "240..243");
    CliRun fixed = run("explore", "--variant", "fixed", "--seeds", "240..243");

    assertThat(legacy.exitCode()).isEqualTo(1);
    assertThat(legacy.out()).contains("seed 242 legacy:").contains("violations deadlock: 1")
        .contains("violations lock-safety: ").contains("violations lost-lock: ")
        .contains("violations leaked-delegation: ").contains("violations server-conformance: 0")
        .contains("violations stuck: 0").contains("violations livelock: 0")
        .contains("reboots during a return: ").contains("runs: 4")
        .contains("first deadlock: seed 242").contains("replay: ./nfs41sim replay --scenario deleg-return-reboot"
            + " --variant legacy --seed 242 --strategy random");
    assertThat(legacy.out().indexOf("seed 240 legacy")).isLessThan(legacy.out().indexOf("seed 242 legacy"));
    assertThat(legacy.err()).contains("explore legacy: 4/4 runs").endsWith(System.lineSeparator());
    assertThat(fixed.exitCode()).isZero();
    assertThat(fixed.out()).contains("violations deadlock: 0").contains("runs: 4").doesNotContain("first ");
  }

  @Test
  void demoShowsTheContrastAndWritesTheFirstViolatingRunsLog() {
    Path log = dir.resolve("demo.log");

    CliRun demo = run("demo", "--seeds", "55..64", "--trace", log.toString());

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out()).containsPattern("runs\\s+10\\s+10\\s+10")
        .containsPattern("deadlock\\s+[1-9]\\d*\\s+0\\s+0")
        .containsPattern("leaked-delegation\\s+[1-9]\\d*\\s+0\\s+0")
        .containsPattern("lost-lock\\s+\\d+\\s+\\d+\\s+0")
        .containsPattern("seed still shows stateid-misuse \\(\\d+ runs\\): closed in fixed by \"Ensure delegation"
            + " recall and byte range lock removal don't conflict\"")
        .contains("Replay it: ./nfs41sim replay --scenario deleg-return-sync --variant legacy --seed 62");
    assertThat(log).exists();
  }

  private static String usageError(String... args) {
    CliRun result = run(args);
    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
    assertThat(result.err().lines()).hasSize(1);
    return result.err().strip();
  }

  @ParameterizedTest
  @ValueSource(strings = {"5..1", "x..9", "1..", "seven"})
  void aMalformedOrEmptySeedRangeIsOneLine(String range) {
    assertThat(usageError("explore", "--variant", "fixed", "--seeds", range))
        .startsWith("nfs41sim: invalid value for option '--seeds'").contains(range);
  }

  @Test
  void aVariantThatDoesNotExistIsOneLine() {
    assertThat(usageError("run", "--variant", "patched", "--seed", "1")).contains("--variant").contains("patched");
    assertThat(usageError("run", "--seed", "1")).contains("--variant");
  }

  @Test
  void anUnknownScenarioOrStrategyIsOneLine() {
    assertThat(usageError("run", "--scenario", "nope", "--variant", "fixed", "--seed", "1"))
        .isEqualTo("nfs41sim: --scenario nope: no such scenario (config/scenarios/nope.conf does not exist)");
    assertThat(usageError("run", "--variant", "fixed", "--seed", "1", "--strategy", "lifo"))
        .contains("--strategy lifo");
  }

  @Test
  void anUnknownKeyInAScenarioFileNamesTheFileAndLine() throws IOException {
    Path scenario = Files.writeString(dir.resolve("mine.conf"),
        "include required(classpath(\"config/scenarios/deleg-return-reboot.conf\"))\n"
            + "nfs41sim.workload.clients = 2\nnfs41sim.workload.cleints = 3\n");

    assertThat(usageError("run", "--scenario", scenario.toString(), "--variant", "fixed", "--seed", "1"))
        .contains("mine.conf:3").contains("nfs41sim.workload.cleints");
  }

  @Test
  void aRenewIntervalThatCouldMissGraceIsRefused() {
    assertThat(usageError("run", "--variant", "fixed", "--seed", "1", "--set", "nfs41sim.client.renew-interval=10s"))
        .contains("renew-interval").contains("grace-period");
  }

  @Test
  void anOutputThatIsAFolderIsRefusedBeforeAnythingRuns() {
    assertThat(usageError("run", "--variant", "fixed", "--seed", "1", "--trace", dir.toString()))
        .contains("--trace").contains("is a folder");
    assertThat(usageError("run", "--variant", "fixed", "--seed", "1", "--save-schedule", dir.toString()))
        .contains("--save-schedule").contains("is a folder");
    assertThat(usageError("demo", "--seeds", "1..2", "--trace", dir.resolve("none/x").toString()))
        .contains("does not exist");
    assertThat(usageError("demo", "--variant", "fixed")).contains("--variant");
    assertThat(usageError("run", "--scenario", dir.toString(), "--variant", "fixed", "--seed", "1"))
        .contains("is a folder");
  }

  @Test
  void aPrintedReplayCommandQuotesSetValuesForTheShell() {
    assertThat(ScenarioOptions.shellQuoted("a=it's")).isEqualTo("'a=it'\\''s'");
  }

  @Test
  void aTraceIntoAMissingFolderIsOneLineAndRunsNothing() {
    assertThat(usageError("run", "--variant", "fixed", "--seed", "1", "--trace",
        dir.resolve("no/such/dir/t.log").toString())).contains("does not exist");
  }
}
