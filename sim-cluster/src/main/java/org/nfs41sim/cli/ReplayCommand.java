package org.nfs41sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.showcase.ShowcaseRuns;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.ScheduleFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nfs41sim replay}: run a seed of a scenario again, or follow a saved schedule step by step. */
@Command(
    name = "replay",
    header = "Replay a scenario run from its seed, or from a saved schedule.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs seed N of the scenario again and prints its digest and what the oracles saw: the same "
          + "inputs give the same digest. With --schedule FILE (saved by 'run --save-schedule'), the "
          + "scheduler makes exactly the recorded choices, and the digest is checked against the file.",
      "'replay --schedule FILE' alone replays a schedule saved by 'showcase'."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Mixin ScenarioOptions scenario;

  @Option(names = "--seed", paramLabel = "N", description = "The root seed of the run.")
  Long seed;

  @Option(names = "--schedule", paramLabel = "FILE", description = "A schedule saved by run or showcase.")
  Path schedule;

  @Option(names = "--trace", paramLabel = "FILE", description = "Write the replay's trace to FILE.")
  Path trace;

  @Spec CommandSpec spec;

  /** How a scenario run's schedule names what it is a schedule of. */
  static String program(ScenarioRun.Spec run) {
    return "scenario " + run.scenario() + " " + run.variant().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ScheduleFile.Saved saved = null;
    if (schedule != null) {
      if (!Files.isRegularFile(schedule)) {
        throw new ParameterException(spec.commandLine(), "no such schedule file: " + schedule);
      }
      saved = ScheduleFile.read(schedule);
      if (saved.program().equals(ShowcaseRuns.PLANTED) && scenario.variant == null && seed == null) {
        return replayShowcase(saved, out);
      }
    }
    if (seed == null) {
      throw new ParameterException(spec.commandLine(), "missing required option '--seed=N'");
    }
    ScenarioRun.Spec run = scenario.spec(seed);
    RunCommand.checkOutput(trace, "--trace");
    long[] choices = null;
    if (saved != null) {
      if (!saved.program().equals(program(run)) || saved.seed() != seed || !saved.strategy().equals(run.strategy())) {
        throw new ScheduleFile.BadScheduleException(schedule + ": a schedule of '" + saved.program() + "', seed "
            + saved.seed() + ", " + saved.strategy() + "; not of '" + program(run) + "', seed " + seed + ", "
            + run.strategy());
      }
      if (!saved.configFingerprint().equals(run.config().withSeed(seed).fingerprint())) {
        throw new ConfigError(schedule + ": recorded under other settings than these (pass the same --set as the"
            + " run that saved it)");
      }
      choices = saved.choices();
    }
    ScenarioRun.Report report;
    try (DeterministicSystem system = DeterministicSystem.create("replay")) {
      long[] followed = choices;
      report = RunCommand.traced(trace, log -> ScenarioRun.run(system, run, log, false, followed));
    }
    RunCommand.print(report, out);
    if (saved == null) {
      return 0;
    }
    if (report.result().failed()) {
      out.println("the replay left its schedule: " + report.result().failure());
      return 1;
    }
    boolean same = report.result().digest().equals(saved.digest());
    out.println(same ? "the digest matches the recorded run" : "the digest differs from the recorded " + saved.digest());
    return same ? 0 : 1;
  }

  private int replayShowcase(ScheduleFile.Saved saved, PrintWriter out) {
    Nfs41Config recorded = ConfigLoader.load(null, scenario.sets).withSeed(saved.seed());
    if (!recorded.fingerprint().equals(saved.configFingerprint())) {
      throw new ConfigError(schedule + ": recorded under other settings than these (pass the same"
          + " --set as the run that saved it)");
    }
    try (DeterministicSystem system = DeterministicSystem.create("replay")) {
      ShowcaseRuns.PlantedRun run = ShowcaseRuns.replay(system, recorded, saved);
      RunResult r = run.result();
      out.printf(Locale.ROOT, "replay of %s: seed %d, %s, %d steps, %d deliveries%n", schedule,
          saved.seed(), saved.strategy(), r.steps(), r.events());
      if (r.failed()) {
        out.println("the replay left its schedule: " + r.failure());
        return 1;
      }
      run.violations().forEach(v -> out.println("violation: " + v));
      boolean same = r.digest().equals(saved.digest());
      out.println(same ? "digest " + r.digest() + " matches the recorded run"
          : "digest " + r.digest() + " differs from the recorded " + saved.digest());
      return same ? 0 : 1;
    }
  }

  /** The --set flags to repeat on a printed replay command line of a showcase schedule. */
  static String flags(ConfigOptions options) {
    StringBuilder b = new StringBuilder();
    for (String set : options.sets()) {
      b.append(" --set ").append(ScenarioOptions.shellQuoted(set));
    }
    return b.toString();
  }
}
