package org.nfs41sim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.config.RunSettings;
import org.nfs41sim.sim.scenario.ScenarioFiles;
import org.nfs41sim.sim.scenario.ScenarioRun;
import picocli.CommandLine.Option;

/** Mixin of the scenario commands: {@code --scenario}, {@code --variant}, {@code --strategy}, {@code --set}. */
public final class ScenarioOptions {
  /** The scenario of run, explore and replay when none is given. */
  static final String DEFAULT_SCENARIO = "deleg-return-reboot";

  @Option(
      names = "--scenario",
      paramLabel = "S",
      description = "A scenario name (config/scenarios/S.conf) or a path to a scenario file "
          + "(default: " + DEFAULT_SCENARIO + "; demo: " + DemoCommand.SCENARIO + ").")
  String scenario;

  @Option(
      names = "--variant",
      paramLabel = "V",
      description = "The client: legacy (d25be546a86f's parent), seed (the commit alone) or fixed (3.10.y).")
  ClientVariant variant;

  @Option(
      names = "--strategy",
      paramLabel = "STRATEGY",
      defaultValue = "random",
      description = "Scheduling strategy: fifo, random or pct (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one setting of the scenario; VALUE is HOCON. Repeatable, later ones win.")
  List<String> sets = new ArrayList<>();

  /** The run to make for {@code seed}; throws a one-line ConfigError on a bad scenario or setting. */
  ScenarioRun.Spec spec(long seed) {
    if (variant == null) {
      throw new org.nfs41sim.sim.config.ConfigError("missing required option --variant (legacy, seed or fixed)");
    }
    if (scenario == null) {
      scenario = DEFAULT_SCENARIO;
    }
    if (!RunSettings.STRATEGIES.contains(strategy)) {
      throw new org.nfs41sim.sim.config.ConfigError("--strategy " + strategy + ": must be one of "
          + String.join(", ", RunSettings.STRATEGIES));
    }
    Nfs41Config config = ScenarioFiles.load(scenario, sets);
    return new ScenarioRun.Spec(scenario, config, variant, strategy, seed);
  }

  /** Whether --scenario was given. */
  boolean scenarioGiven() {
    return scenario != null;
  }

  /** The command line that replays {@code seed} of this scenario, with every flag it needs. */
  String replayCommand(long seed) {
    return replayCommand(seed, variant);
  }

  String replayCommand(long seed, ClientVariant v) {
    StringBuilder b = new StringBuilder("./nfs41sim replay --scenario ").append(scenario)
        .append(" --variant ").append(v.name().toLowerCase(Locale.ROOT))
        .append(" --seed ").append(seed)
        .append(" --strategy ").append(strategy);
    for (String set : sets) {
      b.append(" --set ").append(shellQuoted(set));
    }
    return b.toString();
  }

  /** {@code value} in single quotes for a POSIX shell (a quote inside becomes '\''). */
  static String shellQuoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
