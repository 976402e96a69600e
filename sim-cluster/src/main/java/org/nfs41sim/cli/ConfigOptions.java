package org.nfs41sim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.config.Nfs41Config;
import picocli.CommandLine.Option;

/** Mixin for commands that run the model: {@code --config FILE} and repeatable {@code --set key=value}. */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A HOCON file (e.g. a scenario) whose settings override the defaults.")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one setting; VALUE is HOCON. Repeatable; applied after --config, "
          + "later ones win. Example: --set nfs41sim.network.loss=0.01")
  List<String> sets = new ArrayList<>();

  /** The effective, checked configuration; throws a one-line ConfigError on any mistake. */
  public Nfs41Config load() {
    return ConfigLoader.load(configFile, sets);
  }

  /** The --config file, or null. */
  public Path configFile() {
    return configFile;
  }

  /** The --set pairs in command-line order. */
  public List<String> sets() {
    return List.copyOf(sets);
  }
}
