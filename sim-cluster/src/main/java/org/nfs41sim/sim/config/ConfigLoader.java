package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the effective configuration: defaults.conf (from the classpath), overridden by an optional
 * user file, overridden by {@code --set key=value} pairs in order; then resolves it and checks
 * keys, types and values before anything runs. Every mistake is a one-line {@link ConfigError}.
 *
 * <p>Substitutions do not see environment variables: a run depends only on its files and flags.
 */
public final class ConfigLoader {
  private static final Config DEFAULTS = parseDefaults();

  private ConfigLoader() {}

  /** defaults.conf alone, checked. */
  public static Nfs41Config loadDefaults() {
    return load(null, List.of());
  }

  /**
   * The effective configuration.
   *
   * @param file a HOCON file (e.g. a scenario) or null; a relative path that is not on disk is
   *     also looked up on the classpath, so {@code config/scenarios/x.conf} works from the jar
   * @param sets {@code key=value} overrides, later ones winning; the value is HOCON
   */
  public static Nfs41Config load(Path file, List<String> sets) {
    Config user = file == null ? ConfigFactory.empty() : parseFile(file);
    return loadOver(user, sets);
  }

  /** Like {@link #load} with HOCON text instead of a file; handy for tests and inline scenarios. */
  public static Nfs41Config loadString(String hocon, String originDescription, List<String> sets) {
    return loadOver(parse(() -> ConfigFactory.parseString(hocon, options(originDescription))), sets);
  }

  /** The raw defaults.conf (unresolved, unchecked). */
  public static Config defaults() {
    return DEFAULTS;
  }

  private static Nfs41Config loadOver(Config user, List<String> sets) {
    for (String set : sets) {
      user = parseSet(set).withFallback(user);
    }
    Config merged = user.withFallback(DEFAULTS);
    Config resolved = parse(() -> merged.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false)));
    KeyChecker.check(resolved, DEFAULTS);
    return Nfs41Config.of(resolved);
  }

  /** One {@code --set key=value}, parsed as the HOCON line {@code key = value}. */
  static Config parseSet(String set) {
    String origin = Origins.SET_PREFIX + set;
    int eq = set.indexOf('=');
    if (eq < 0) {
      throw new ConfigError(origin + ": expected key=value");
    }
    String key = set.substring(0, eq).strip();
    String value = set.substring(eq + 1).strip();
    if (key.isEmpty()) {
      throw new ConfigError(origin + ": the key before '=' is empty");
    }
    if (value.isEmpty()) {
      throw new ConfigError(origin + ": the value after '=' is empty (write \"\" for an empty string)");
    }
    return parse(() -> ConfigFactory.parseString(key + " = " + value, options(origin)));
  }

  private static Config parseFile(Path file) {
    if (Files.isRegularFile(file)) {
      return parse(() -> ConfigFactory.parseFile(file.toFile(), options(null)));
    }
    String resource = file.normalize().toString().replace(File.separatorChar, '/');
    if (!file.isAbsolute() && ConfigLoader.class.getClassLoader().getResource(resource) != null) {
      return parse(() -> ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), resource, options(null)));
    }
    String problem = Files.isDirectory(file) ? "is a directory, not a config file" : "no such file";
    throw new ConfigError(file + ": " + problem);
  }

  private static ConfigParseOptions options(String originDescription) {
    ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false);
    return originDescription == null ? options : options.setOriginDescription(originDescription);
  }

  /** Runs a Typesafe Config step, turning its exceptions into one-line ConfigErrors. */
  private static Config parse(java.util.function.Supplier<Config> step) {
    try {
      return step.get();
    } catch (ConfigException e) {
      throw ConfigError.from(e);
    }
  }

  private static Config parseDefaults() {
    ClassLoader loader = ConfigLoader.class.getClassLoader();
    if (loader.getResource(Origins.DEFAULTS_RESOURCE) == null) {
      throw new IllegalStateException(Origins.DEFAULTS_RESOURCE + " is not on the classpath");
    }
    return ConfigFactory.parseResources(loader, Origins.DEFAULTS_RESOURCE, options(null));
  }
}
