package org.nfs41sim.sim.script;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.config.DelaySettings;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.config.ServerConfig;

/**
 * Reads a conformance script (docs/scenario-scripts.md) and checks all of it before anything runs:
 * unknown keys, missing and ill-typed fields, unknown clients, operations and named results are
 * each one {@link ConfigError} naming file:line and the field.
 */
public final class ScriptParser {
  private static final List<String> TOP =
      List.of("cite", "description", "files", "clients", "callbacks", "server", "network", "steps");
  private static final Pattern CLIENT = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Duration ZERO = Duration.ZERO;

  private ScriptParser() {}

  /**
   * Parses {@code file}; {@code base} gives the server settings the script's {@code server} block
   * overrides (the defaults, --config and --set).
   */
  public static Script parse(Path file, Nfs41Config base) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigError(file + ": " + (Files.isDirectory(file) ? "is a directory, not a script" : "no such file"));
    }
    return parse(load(() -> ConfigFactory.parseFile(file.toFile(), options(null))), file.toString(), base);
  }

  /** Parses HOCON text; {@code origin} names it in errors. */
  public static Script parseString(String hocon, String origin, Nfs41Config base) {
    return parse(load(() -> ConfigFactory.parseString(hocon, options(origin))), origin, base);
  }

  private static Script parse(Config config, String source, Nfs41Config base) {
    Fields f = new Fields(config.root(), "script");
    f.onlyThese(TOP, "a script");
    String cite = f.string("cite");
    String description = f.string("description", "");
    List<String> files = f.nameList("files");
    List<String> clients = f.nameList("clients");
    for (String client : clients) {
      checkClientName(f, client);
    }
    Map<String, CallbackPolicy> callbacks = new LinkedHashMap<>();
    clients.forEach(c -> callbacks.put(c, CallbackPolicy.OK));
    if (f.has("callbacks")) {
      callbacks.putAll(StepParser.policies(f.child("callbacks", "callbacks"), clients));
    }
    ServerConfig server = server(f, base);
    DelaySettings delay = f.has("network") ? delay(f.child("network", "network")) : constant(ZERO);
    ConfigValue steps = f.value("steps");
    if (steps.valueType() != ConfigValueType.LIST || ((ConfigList) steps).isEmpty()) {
      throw f.invalid("steps", "is not a non-empty list of steps [ { ... }, ... ]");
    }
    return new Script(source, cite, description, files, clients, Map.copyOf(callbacks), server, delay,
        new StepParser(clients).parse((ConfigList) steps));
  }

  private static void checkClientName(Fields f, String client) {
    Set<String> reserved = new HashSet<>(StepParser.KINDS);
    reserved.addAll(OperationParser.allFieldNames());
    reserved.add("server");
    if (!CLIENT.matcher(client).matches() || reserved.contains(client)) {
      throw f.invalid("clients", "names a client '" + client + "': a client name is a letter, then letters, digits,"
          + " _ or -, and not a step keyword (" + String.join(", ", StepParser.KINDS) + ") or field name");
    }
  }

  /** nfs41sim.server with the script's server block over it, checked like any configuration. */
  private static ServerConfig server(Fields f, Nfs41Config base) {
    if (!f.has("server")) {
      return base.server();
    }
    Fields s = f.child("server", "server");
    s.onlyThese(ConfigLoader.defaults().getConfig("nfs41sim.server").root().keySet(), "the server block");
    Config merged = s.object().toConfig().atPath("nfs41sim.server").withFallback(base.config());
    return ServerConfig.from(merged);
  }

  /** network.delay: a duration (constant) or { distribution, min, max, mean }. */
  private static DelaySettings delay(Fields network) {
    network.onlyThese(List.of("delay"), "the network block");
    ConfigValue v = network.value("delay");
    if (v.valueType() != ConfigValueType.OBJECT) {
      return constant(network.duration("delay"));
    }
    Fields d = network.child("delay", "network.delay");
    d.onlyThese(List.of("distribution", "min", "max", "mean"), "network.delay");
    String distribution = d.has("distribution") ? d.word("distribution", DelaySettings.DISTRIBUTIONS) : "constant";
    Duration min = d.duration("min", ZERO);
    Duration max = d.duration("max", min);
    Duration mean = d.duration("mean", ZERO);
    if (!distribution.equals("constant") && min.compareTo(max) > 0) {
      throw d.invalid("max", "is less than min");
    }
    return new DelaySettings(distribution, min, max, mean);
  }

  private static DelaySettings constant(Duration d) {
    return new DelaySettings("constant", d, d, d);
  }

  private static ConfigParseOptions options(String origin) {
    ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false);
    return origin == null ? options : options.setOriginDescription(origin);
  }

  private static Config load(java.util.function.Supplier<Config> parse) {
    try {
      return parse.get().resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    } catch (ConfigException e) {
      throw ConfigError.from(e);
    }
  }
}
