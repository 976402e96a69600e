package org.nfs41sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  /** Asserts the invocation failed with exit code 2 and exactly one line on stderr; returns it. */
  private static String usageError(String... args) {
    CliRun result = run(args);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).endsWith(System.lineSeparator());
    assertThat(result.err().lines()).hasSize(1);
    return result.err().strip();
  }

  @Test
  void unknownFlagExitsTwoWithOneLineNamingTheFlag() {
    assertThat(usageError("demo", "--foo"))
        .isEqualTo("nfs41sim: unknown option '--foo' (see 'nfs41sim demo --help')");
  }

  @Test
  void unknownSubcommandExitsTwo() {
    assertThat(usageError("frobnicate")).startsWith("nfs41sim: unknown command 'frobnicate'");
    assertThat(usageError("bench", "frobnicate")).contains("'nfs41sim bench --help'");
  }

  @Test
  void missingSubcommandExitsTwo() {
    assertThat(usageError()).isEqualTo("nfs41sim: missing subcommand (see 'nfs41sim --help')");
    assertThat(usageError("bench")).isEqualTo("nfs41sim: missing subcommand (see 'nfs41sim bench --help')");
  }

  @Test
  void setWithUnknownKeyExitsTwoNamingTheKeyAndTheFlag() {
    assertThat(usageError("demo", "--set", "nfs41sim.run.bogus=1"))
        .isEqualTo("nfs41sim: --set nfs41sim.run.bogus=1: unknown key nfs41sim.run.bogus");
  }

  @Test
  void badConfigFileExitsTwoNamingFileAndLine() throws IOException {
    Path scenario = Files.writeString(dir.resolve("bad.conf"), "nfs41sim.network.loss = 1.5\n");

    assertThat(usageError("determinism", "--config", scenario.toString()))
        .isEqualTo("nfs41sim: " + scenario + ":1: nfs41sim.network.loss = 1.5 is not a probability in [0,1]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"showcase --seeds 0", "determinism --seeds -3", "bench runtime --pairs 1,0",
      "bench runtime --seconds 0", "bench runtime --warmup-seconds x", "bench runtime --repeats 0"})
  void nonPositiveNumbersAreRejected(String args) {
    assertThat(usageError(args.split(" "))).startsWith("nfs41sim: invalid value for option '--");
  }

  @Test
  void badModeIsRejected() {
    assertThat(usageError("determinism", "--mode", "sometimes")).contains("'--mode'").contains("sometimes");
  }

  @Test
  void replayNeedsASeedOrAnExistingScheduleFile() {
    assertThat(usageError("replay", "--variant", "fixed")).contains("--seed");
    assertThat(usageError("replay", "--schedule", dir.resolve("none.schedule").toString()))
        .contains("no such schedule file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "run", "explore", "replay", "showcase", "determinism", "bench", "bench runtime"})
  void helpOnEveryCommandExitsZero(String command) {
    String[] args = (command + " --help").strip().split(" ");

    CliRun result = run(args);

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).contains("Usage: nfs41sim " + command);
  }

  @Test
  void versionExitsZero() {
    CliRun result = run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("nfs41sim ");
  }

  @Test
  void showcaseShowsTheContrastAndItsScheduleReplays() {
    Path schedule = dir.resolve("showcase.schedule");

    CliRun demo = run("showcase", "--seeds", "40", "--save-schedule", schedule.toString());
    CliRun replay = run("replay", "--schedule", schedule.toString());

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("fifo   found the bug in   0 of 40 seeds")
        .contains("Replayed from the file: the same run, the same violation");
    assertThat(replay.exitCode()).isZero();
    assertThat(replay.out()).contains("violation: participant-").contains("matches the recorded run");
  }

  @Test
  void aScheduleThatIsNotOneIsAOneLineUsageError() throws IOException {
    Path empty = Files.writeString(dir.resolve("x.schedule"), "");

    CliRun result = run("replay", "--schedule", empty.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("nfs41sim: ").contains("x.schedule").hasLineCount(1);
  }

  @Test
  void determinismComparesFreshRunsOfEachSeed() {
    CliRun result = run("determinism", "--mode", "fresh", "--seeds", "3", "--first-seed", "-5");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("3 seeds (-5..-3)").contains("all digests equal");
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("kaput\nsecond line");
    }
  }

  @Test
  void otherExceptionsAreOneLineInternalErrorsWithExitOne() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err), false);
    cli.addSubcommand(new CommandLine(new Boom()).setErr(new PrintWriter(err)));

    int code = cli.execute("boom");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("nfs41sim: internal error: java.lang.IllegalStateException: kaput second line");
  }
}
