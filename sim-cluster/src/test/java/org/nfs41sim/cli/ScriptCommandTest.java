package org.nfs41sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nfs41sim script}: exit 0 when every script passes, 1 when one fails, 2 when one is malformed. */
class ScriptCommandTest {
  private static final String PASSING = "cite = \"RFC 8881 §10.4\"\nfiles = [f1]\nclients = [c1]\nsteps = [\n"
      + "  { c1 = EXCHANGE_ID }\n  { c1 = CREATE_SESSION }\n  { c1 = RECLAIM_COMPLETE }\n"
      + "  { c1 = OPEN, file = f1, access = READ, delegation = READ }\n]\n";

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void passingScriptsExitZeroWithAPassLineEachAndATotal() throws IOException {
    Path a = write("a.conf", PASSING);
    Path b = write("b.conf", PASSING);

    CliRun result = run("script", a.toString(), b.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).contains("  step 4 @0.000s c1 OPEN f1 CLAIM_NULL READ -> OK")
        .contains("PASS " + a + " (4 steps)").contains("PASS " + b + " (4 steps)")
        .endsWith("scripts: 2 passed, 0 failed" + System.lineSeparator());
  }

  @Test
  void aFailingScriptExitsOne() throws IOException {
    Path good = write("a.conf", PASSING);
    Path bad = write("b.conf", PASSING.replace("delegation = READ", "delegation = WRITE"));

    CliRun result = run("script", good.toString(), bad.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("FAIL " + bad + ": step 4: expected delegation WRITE, got READ")
        .contains("scripts: 1 passed, 1 failed");
  }

  @Test
  void aMalformedScriptExitsTwoBeforeAnyScriptRuns() throws IOException {
    Path good = write("a.conf", PASSING);
    Path bad = write("b.conf", PASSING.replace("{ c1 = CREATE_SESSION }", "{ c1 = CREATE_SESION }"));

    CliRun result = run("script", good.toString(), bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).containsExactly(
        "nfs41sim: " + bad + ":6: step 2: c1 = CREATE_SESION is not an operation (did you mean 'CREATE_SESSION'?);"
            + " scripts send EXCHANGE_ID, CREATE_SESSION, BIND_CONN_TO_SESSION, SEQUENCE, DESTROY_SESSION, OPEN, CLOSE,"
            + " LOCK, LOCKT, LOCKU, DELEGRETURN, RECLAIM_COMPLETE, SETATTR, REMOVE");
  }

  @Test
  void aDirectoryRunsEveryConfFileInIt() throws IOException {
    write("one.conf", PASSING);
    write("two.conf", PASSING);
    write("notes.txt", "not a script");

    CliRun result = run("script", "--quiet", dir.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines()).containsExactly("PASS " + dir.resolve("one.conf") + " (4 steps)",
        "PASS " + dir.resolve("two.conf") + " (4 steps)", "scripts: 2 passed, 0 failed");
  }

  @Test
  void aMissingFileOrABadSetExitsTwo() throws IOException {
    Path good = write("a.conf", PASSING);

    CliRun missing = run("script", dir.resolve("none.conf").toString());
    CliRun badSet = run("script", "--set", "nfs41sim.server.lease-time=-1s", good.toString());

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("nfs41sim: " + dir.resolve("none.conf") + ": no such file or directory"
        + System.lineSeparator());
    assertThat(badSet.exitCode()).isEqualTo(2);
    assertThat(badSet.err()).startsWith("nfs41sim: --set nfs41sim.server.lease-time=-1s");
  }

  @Test
  void helpExitsZeroAndNamesTheFormat() {
    CliRun result = run("script", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: nfs41sim script").contains("docs/scenario-scripts.md");
  }

  @Test
  void theShippedScriptsAllPass() {
    CliRun result = run("script", "--quiet", "../config/scripts");

    assertThat(result.exitCode()).as(result.out()).isZero();
    assertThat(result.out()).contains(" passed, 0 failed");
  }
}
