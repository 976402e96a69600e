package org.nfs41sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trace export as typed: formats, a file cut short, a file that is not a trace. */
class TraceCommandTest {
  @TempDir Path dir;
  private Path trace;

  @BeforeEach
  void record() {
    trace = dir.resolve("t.trace");
    CliRun run = CliRun.of("run", "--variant", "legacy", "--seed", "242", "--trace", trace.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
  }

  @Test
  void everyFormatExportsToStandardOutputOrAFile() throws IOException {
    CliRun text = CliRun.of("trace", "export", "--format", "text", trace.toString());
    CliRun perfetto = CliRun.of("trace", "export", "--format", "perfetto", trace.toString(), "-o",
        dir.resolve("p.json").toString());
    CliRun shiviz = CliRun.of("trace", "export", "--format", "shiviz", trace.toString());

    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).startsWith("# trace of scenario deleg-return-reboot, variant legacy, seed 242")
        .contains("VIOLATION: deadlock");
    assertThat(perfetto.exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("p.json"))).startsWith("{\"displayTimeUnit\"");
    assertThat(shiviz.exitCode()).isZero();
    assertThat(shiviz.out().lines().limit(2)).last().asString().matches("\\S+ \\{.*\\}");
  }

  @Test
  void aTraceCutShortExportsWhatItHasWithOneWarning() throws IOException {
    byte[] bytes = Files.readAllBytes(trace);
    Path cut = Files.write(dir.resolve("cut.trace"), Arrays.copyOf(bytes, bytes.length / 2 + 3));

    CliRun result = CliRun.of("trace", "export", "--format", "text", cut.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.err().lines()).singleElement().asString()
        .startsWith("nfs41sim: warning: " + cut + " is cut short: read ").contains("skipped the last");
    assertThat(result.out()).contains(" -> ").doesNotContain("end seed 242");
  }

  @Test
  void aFileThatIsNotATraceIsOneLineAndExitTwo() throws IOException {
    Path notes = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a trace\n");

    CliRun result = CliRun.of("trace", "export", "--format", "text", notes.toString());
    CliRun missing = CliRun.of("trace", "export", "--format", "text", dir.resolve("nope.trace").toString());
    CliRun mermaid = CliRun.of("trace", "export", "--format", "mermaid", trace.toString());
    CliRun format = CliRun.of("trace", "export", "--format", "svg", trace.toString());

    for (CliRun r : new CliRun[] {result, missing, mermaid, format}) {
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      assertThat(r.err().lines()).hasSize(1);
      assertThat(r.err()).startsWith("nfs41sim: ").doesNotContain("Exception");
    }
    assertThat(result.err()).contains("notes.txt");
    assertThat(mermaid.err()).contains("200");
  }
}
