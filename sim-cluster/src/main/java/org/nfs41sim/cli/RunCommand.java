package org.nfs41sim.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.ScheduleFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nfs41sim run}: one seed of a scenario under the oracles. */
@Command(
    name = "run",
    header = "Run one seed of a scenario under the oracles.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs one seed of a scenario with the legacy or the fixed client, prints how it ended, the "
          + "reboots that fell during a delegation return, every violation with the events that prove "
          + "it, the run's digest and the command that replays it.",
      "Exit 0 when the oracles saw nothing, 1 on a violation, 2 on bad input."
    })
public final class RunCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;

  @Option(names = "--seed", paramLabel = "N", required = true, description = "The root seed of the run.")
  long seed;

  @Option(names = "--trace", paramLabel = "FILE", description = "Write the run's trace to FILE (docs/trace-format.md).")
  Path trace;

  @Option(
      names = "--save-schedule",
      paramLabel = "FILE",
      description = "Save the run's scheduling choices, for 'replay --schedule FILE'.")
  Path saveSchedule;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ScenarioRun.Spec run = scenario.spec(seed);
    checkOutput(trace, "--trace");
    checkOutput(saveSchedule, "--save-schedule");
    PrintWriter out = spec.commandLine().getOut();
    ScenarioRun.Report report;
    try (DeterministicSystem system = DeterministicSystem.create("run")) {
      report = traced(trace, log -> ScenarioRun.run(system, run, log, saveSchedule != null, null));
    }
    print(report, out);
    if (saveSchedule != null) {
      ScheduleFile.write(saveSchedule, new ScheduleFile.Saved(ReplayCommand.program(run), seed, run.strategy(),
          run.config().withSeed(seed).fingerprint(), report.result().digest(), report.result().choices()));
      out.println("schedule: saved to " + saveSchedule);
    }
    out.println("replay: " + scenario.replayCommand(seed)
        + (saveSchedule == null ? "" : " --schedule " + saveSchedule));
    return report.clean() ? 0 : 1;
  }

  static void print(ScenarioRun.Report report, PrintWriter out) {
    out.println("outcome: " + report.outcome());
    report.faults().forEach(f -> out.println("fault: " + f));
    report.rebootsDuringReturns().forEach(r -> out.println("reboot during a return: " + r));
    report.violations().forEach(v -> out.println("violation: " + v));
    report.losses().forEach(l -> out.println("loss: " + l));
    out.println("digest: " + report.result().digest());
  }

  /** Something that runs with a trace stream (null when no trace is asked for). */
  interface Logged<T> {
    T run(java.io.OutputStream trace);
  }

  /** Writes text. */
  interface TextBody {
    void write(java.io.Writer out) throws IOException;
  }

  /**
   * Writes {@code file} through a temporary file next to it, moved into place only when complete:
   * a failure leaves no half-written output and an existing file untouched.
   */
  static void writeText(Path file, String flag, TextBody body) throws IOException {
    checkOutput(file, flag);
    Path tmp = file.toAbsolutePath().getParent().resolve("." + file.getFileName() + ".part");
    try {
      try (java.io.Writer w = Files.newBufferedWriter(tmp, java.nio.charset.StandardCharsets.UTF_8)) {
        body.write(w);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Refuses, before anything runs, an output file that is a folder or whose folder is missing. */
  static void checkOutput(Path file, String flag) {
    if (file == null) {
      return;
    }
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new ConfigError(flag + " " + file + ": is a folder; name a file in it");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ConfigError(flag + " " + file + ": the folder " + dir + " does not exist");
    }
  }

  /**
   * Runs {@code body} writing the log to a temporary file next to {@code file}, moved into place
   * only when complete: an existing file is never left half-written.
   */
  static <T> T traced(Path file, Logged<T> body) throws IOException {
    if (file == null) {
      return body.run(null);
    }
    checkOutput(file, "--trace");
    Path tmp = file.toAbsolutePath().getParent().resolve("." + file.getFileName() + ".part");
    try {
      T result;
      try (OutputStream w = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        result = body.run(w);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return result;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
