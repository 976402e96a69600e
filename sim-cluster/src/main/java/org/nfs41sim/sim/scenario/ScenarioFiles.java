package org.nfs41sim.sim.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.config.Nfs41Config;

/**
 * Where {@code --scenario} points: a bare name is {@code config/scenarios/NAME.conf} (on disk, or
 * inside the jar); anything with a slash or ending in .conf is a path.
 */
public final class ScenarioFiles {
  static final String FOLDER = "config/scenarios/";

  private ScenarioFiles() {}

  /** The file a scenario argument names. */
  public static Path resolve(String scenario) {
    if (scenario.isBlank()) {
      throw new ConfigError("--scenario is empty: give a name such as deleg-return-reboot, or a path");
    }
    boolean path = scenario.contains("/") || scenario.contains("\\") || scenario.endsWith(".conf");
    Path file = Path.of(path ? scenario : FOLDER + scenario + ".conf");
    if (Files.isDirectory(file)) {
      throw new ConfigError("--scenario " + scenario + ": is a folder, not a scenario file");
    }
    boolean exists = Files.isRegularFile(file)
        || (!file.isAbsolute() && ScenarioFiles.class.getClassLoader().getResource(
            file.normalize().toString().replace('\\', '/')) != null);
    if (!exists) {
      throw new ConfigError("--scenario " + scenario + ": no such scenario (" + file + " does not exist)");
    }
    return file;
  }

  /** The scenario's configuration with {@code sets} applied over it. */
  public static Nfs41Config load(String scenario, List<String> sets) {
    return ConfigLoader.load(resolve(scenario), sets);
  }

}
