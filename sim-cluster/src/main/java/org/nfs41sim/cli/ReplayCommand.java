package org.nfs41sim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.showcase.ShowcaseRuns;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.ScheduleFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nfs41sim.sim.config.Nfs41Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nfs41sim replay FILE}: re-run a saved schedule step by step. */
@Command(
    name = "replay",
    header = "Replay a saved schedule step by step.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Replays a schedule saved by 'nfs41sim demo --save-schedule FILE', making exactly the "
          + "recorded scheduling choices, and prints the run step by step.",
      "The configuration (--config, --set) must be the one the schedule was recorded under; "
          + "its fingerprint is checked."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Parameters(index = "0", paramLabel = "SCHEDULE_FILE", description = "A saved schedule.")
  Path scheduleFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Nfs41Config loaded = config.load();
    if (!Files.isRegularFile(scheduleFile)) {
      throw new ParameterException(spec.commandLine(), "no such schedule file: " + scheduleFile);
    }
    return replay(loaded, spec.commandLine().getOut());
  }

  int replay(Nfs41Config config, PrintWriter out) {
    ScheduleFile.Saved saved = ScheduleFile.read(scheduleFile);
    if (!saved.program().equals(ShowcaseRuns.PLANTED)) {
      throw new ScheduleFile.BadScheduleException(scheduleFile + ": a schedule of '" + saved.program()
          + "', which this version cannot replay");
    }
    Nfs41Config recorded = config.withSeed(saved.seed());
    if (!recorded.fingerprint().equals(saved.configFingerprint())) {
      throw new ConfigError(scheduleFile + ": recorded under other settings than these (pass the same"
          + " --config and --set as the run that saved it)");
    }
    try (DeterministicSystem system = DeterministicSystem.create("replay")) {
      ShowcaseRuns.PlantedRun run = ShowcaseRuns.replay(system, recorded, saved);
      RunResult r = run.result();
      out.printf(Locale.ROOT, "replay of %s: seed %d, %s, %d steps, %d deliveries%n", scheduleFile,
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

  /** The configuration flags to repeat on a printed replay command line. */
  static String flags(ConfigOptions options) {
    StringBuilder b = new StringBuilder();
    if (options.configFile() != null) {
      b.append(" --config ").append(options.configFile());
    }
    for (String set : options.sets()) {
      b.append(" --set '").append(set).append('\'');
    }
    return b.toString();
  }
}
