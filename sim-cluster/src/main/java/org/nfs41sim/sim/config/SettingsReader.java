package org.nfs41sim.sim.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads typed, checked values out of one config object (e.g. {@code nfs41sim.run} or one element
 * of {@code nfs41sim.network.links}). Every failure is a one-line {@link ConfigError} that names
 * the full key and points at the value's origin.
 */
final class SettingsReader {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.*+:/-]+");

  private final ConfigObject object;
  private final String path;

  private SettingsReader(ConfigObject object, String path) {
    this.object = object;
    this.path = path;
  }

  /** Reader for the object at {@code path} (e.g. "nfs41sim.run") of a whole config. */
  static SettingsReader at(com.typesafe.config.Config config, String path) {
    List<String> keys = ConfigUtil.splitPath(path);
    ConfigObject current = config.root();
    String soFar = "";
    for (String key : keys) {
      soFar = soFar.isEmpty() ? ConfigUtil.joinPath(key) : soFar + "." + ConfigUtil.joinPath(key);
      current = objectIn(current, key, soFar);
    }
    return new SettingsReader(current, path);
  }

  /** The object this reader reads from. */
  ConfigObject object() {
    return object;
  }

  /** Full key of a child, e.g. "nfs41sim.run.seed". */
  String key(String name) {
    String quoted = ConfigUtil.joinPath(name);
    return path.isEmpty() ? quoted : path + "." + quoted;
  }

  /** True when the key is present (and not null). */
  boolean has(String name) {
    ConfigValue v = object.get(name);
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  /** Where the key's value came from; the object's origin when the key is absent. */
  ConfigOrigin origin(String name) {
    ConfigValue v = object.get(name);
    return v != null ? v.origin() : object.origin();
  }

  /** True when the key's value came from the user, not from defaults.conf. */
  boolean isUserValue(String name) {
    return !Origins.isDefault(origin(name));
  }

  /** Reader for a nested object, e.g. "delay". */
  SettingsReader child(String name) {
    return new SettingsReader(objectIn(object, name, key(name)), key(name));
  }

  /** Readers for each element of a list of objects, named like "links[2]". */
  List<SettingsReader> elements(String name) {
    ConfigValue v = required(name);
    if (v.valueType() != ConfigValueType.LIST) {
      throw invalid(name, "is not a list");
    }
    List<SettingsReader> out = new ArrayList<>();
    ConfigList list = (ConfigList) v;
    for (int i = 0; i < list.size(); i++) {
      String elementPath = key(name) + "[" + i + "]";
      ConfigValue element = list.get(i);
      if (element.valueType() != ConfigValueType.OBJECT) {
        throw ConfigError.at(element.origin(), elementPath + " = " + render(element) + " is not an object { ... }");
      }
      out.add(new SettingsReader((ConfigObject) element, elementPath));
    }
    return out;
  }

  String string(String name) {
    ConfigValue v = required(name);
    if (v.valueType() != ConfigValueType.STRING) {
      throw invalid(name, "is not a string");
    }
    return (String) v.unwrapped();
  }

  /** The value as a string when it is one (an unquoted duration like 5s is too), else null. */
  String stringOrNull(String name) {
    ConfigValue v = required(name);
    return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : null;
  }

  /** A number >= 0. */
  double nonNegativeNumber(String name) {
    double d = number(name);
    if (!(d >= 0.0) || Double.isInfinite(d)) {
      throw invalid(name, "must be a finite number >= 0");
    }
    return d;
  }

  private double number(String name) {
    ConfigValue v = required(name);
    try {
      return v.atKey("v").getDouble("v");
    } catch (ConfigException e) {
      throw invalid(name, "is not a number");
    }
  }

  /** A string that must be one of {@code allowed}. */
  String oneOf(String name, List<String> allowed) {
    String s = string(name);
    if (!allowed.contains(s)) {
      throw ConfigError.at(origin(name), key(name) + " must be one of " + String.join(", ", allowed));
    }
    return s;
  }

  /** A non-empty list of strings. */
  List<String> stringList(String name) {
    ConfigValue v = required(name);
    if (v.valueType() != ConfigValueType.LIST) {
      throw invalid(name, "is not a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (ConfigValue element : (ConfigList) v) {
      if (element.valueType() != ConfigValueType.STRING) {
        throw invalid(name, "is not a list of strings");
      }
      out.add((String) element.unwrapped());
    }
    if (out.isEmpty()) {
      throw invalid(name, "must not be empty");
    }
    return List.copyOf(out);
  }

  /** A whole number (a plain number or a numeric string). */
  long longValue(String name) {
    ConfigValue v = required(name);
    Object raw = v.unwrapped();
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof Double d && d == Math.rint(d) && Math.abs(d) <= 1L << 53) {
      return d.longValue(); // e.g. 1e6
    }
    if (raw instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw invalid(name, "is not a whole number");
  }

  /** A whole number >= {@code min}. */
  long longAtLeast(String name, long min) {
    long value = longValue(name);
    if (value < min) {
      throw invalid(name, "must be >= " + min);
    }
    return value;
  }

  /** An int-sized whole number >= {@code min}. */
  int intAtLeast(String name, int min) {
    long value = longAtLeast(name, min);
    if (value > Integer.MAX_VALUE) {
      throw invalid(name, "must be <= " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  /** A probability in [0,1]. */
  double probability(String name) {
    double p = number(name);
    if (!(p >= 0.0 && p <= 1.0)) {
      throw invalid(name, "is not a probability in [0,1]");
    }
    return p;
  }

  boolean bool(String name) {
    ConfigValue v = required(name);
    try {
      return v.atKey("v").getBoolean("v");
    } catch (ConfigException e) {
      throw invalid(name, "is not a boolean (true or false)");
    }
  }

  /** A duration >= 0 (e.g. 5ms, 2s; a bare number means milliseconds). */
  Duration nonNegativeDuration(String name) {
    ConfigValue v = required(name);
    Duration d;
    try {
      d = v.atKey("v").getDuration("v");
    } catch (ConfigException e) {
      throw invalid(name, "is not a duration (like 5ms or 2s)");
    }
    if (d.isNegative()) {
      throw invalid(name, "is negative");
    }
    return d;
  }

  /** A duration > 0. */
  Duration positiveDuration(String name) {
    Duration d = nonNegativeDuration(name);
    if (d.isZero()) {
      throw invalid(name, "must be > 0");
    }
    return d;
  }

  /** Error "key = value problem" at the key's origin. */
  ConfigError invalid(String name, String problem) {
    ConfigValue v = object.get(name);
    String shown = v == null ? "" : " = " + render(v);
    return ConfigError.at(origin(name), key(name) + shown + " " + problem);
  }

  private ConfigValue required(String name) {
    ConfigValue v = object.get(name);
    if (v == null) {
      throw ConfigError.at(object.origin(), key(name) + " is missing");
    }
    return v;
  }

  private static ConfigObject objectIn(ConfigObject parent, String name, String fullKey) {
    ConfigValue v = parent.get(name);
    if (v == null) {
      throw ConfigError.at(parent.origin(), fullKey + " is missing");
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      throw ConfigError.at(v.origin(), fullKey + " = " + render(v) + " is not an object { ... }");
    }
    return (ConfigObject) v;
  }

  /** A value as the user would write it: strings unquoted when that is unambiguous. */
  static String render(ConfigValue v) {
    if (v.valueType() == ConfigValueType.STRING && PLAIN.matcher((String) v.unwrapped()).matches()) {
      return (String) v.unwrapped();
    }
    return v.render(ConfigRenderOptions.concise());
  }
}
