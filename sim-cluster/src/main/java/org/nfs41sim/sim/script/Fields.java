package org.nfs41sim.sim.script;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.config.ConfigText;

/**
 * Reads the fields of one object of a script (the script itself, a step, an {@code expect-callback}
 * block). Every mistake is a one-line {@link ConfigError} that names file:line, where in the script
 * ({@code context}, e.g. "step 3 (c1 OPEN)") and the field.
 */
final class Fields {
  /** NFS4_UINT64_MAX: the length of a range that runs to the end of the file (RFC 8881 §18.10.3). */
  static final long UINT64_MAX = -1L;

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.+\\-]+");

  private final ConfigObject object;
  private final String context;

  Fields(ConfigObject object, String context) {
    this.object = object;
    this.context = context;
  }

  String context() {
    return context;
  }

  ConfigObject object() {
    return object;
  }

  /** The object's own origin (its first line). */
  ConfigOrigin origin() {
    return object.origin();
  }

  /** The origin of a field's value, or of the object when the field is absent. */
  ConfigOrigin origin(String name) {
    ConfigValue v = object.get(name);
    return v != null ? v.origin() : object.origin();
  }

  /** The field names in the order they appear (line, then name), for deterministic errors. */
  List<String> names() {
    List<String> names = new ArrayList<>(object.keySet());
    names.sort(Comparator.comparingInt((String k) -> object.get(k).origin().lineNumber())
        .thenComparing(Comparator.naturalOrder()));
    return names;
  }

  boolean has(String name) {
    ConfigValue v = object.get(name);
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  ConfigValue value(String name) {
    ConfigValue v = object.get(name);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      throw error(name, "is missing");
    }
    return v;
  }

  /** Rejects the first field (by line) that is not in {@code allowed}. */
  void onlyThese(Collection<String> allowed, String owner) {
    for (String name : names()) {
      if (!allowed.contains(name)) {
        throw ConfigError.at(origin(name), context + ": " + owner + " has no field '" + name + "'"
            + suggestion(name, allowed) + "; it takes " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  String string(String name) {
    ConfigValue v = value(name);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      throw invalid(name, "is not a string");
    }
    String s = String.valueOf(v.unwrapped()).strip();
    if (s.isEmpty()) {
      throw invalid(name, "is empty");
    }
    return s;
  }

  String string(String name, String otherwise) {
    return has(name) ? string(name) : otherwise;
  }

  /** A word out of {@code allowed} (written exactly so). */
  String word(String name, List<String> allowed) {
    String s = string(name);
    if (!allowed.contains(s)) {
      throw invalid(name, "must be one of " + String.join(", ", allowed) + suggestion(s, allowed));
    }
    return s;
  }

  /** An enum constant, written exactly as its name. */
  <E extends Enum<E>> E constant(String name, Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    return Enum.valueOf(type, word(name, names));
  }

  <E extends Enum<E>> E constant(String name, Class<E> type, E otherwise) {
    return has(name) ? constant(name, type) : otherwise;
  }

  boolean bool(String name, boolean otherwise) {
    if (!has(name)) {
      return otherwise;
    }
    ConfigValue v = value(name);
    if (v.valueType() == ConfigValueType.BOOLEAN) {
      return (Boolean) v.unwrapped();
    }
    throw invalid(name, "is not a boolean (true or false)");
  }

  Boolean optionalBool(String name) {
    return has(name) ? bool(name, false) : null;
  }

  /**
   * An unsigned 64-bit number (offsets and lengths are uint64, RFC 8881 §18.10.1): a plain number,
   * a quoted one for values above 2^63 - 1, {@code max} for 2^64 - 1, and, if {@code eofAllowed},
   * {@code eof}, which is the same value read as "to the end of the file".
   */
  long u64(String name, long otherwise, boolean eofAllowed) {
    if (!has(name)) {
      return otherwise;
    }
    ConfigValue v = value(name);
    String text;
    if (v.valueType() == ConfigValueType.NUMBER || v.valueType() == ConfigValueType.STRING) {
      text = v.atKey("v").getString("v").strip();
    } else {
      throw invalid(name, "is not an unsigned 64-bit number");
    }
    if (text.equals("max") || (eofAllowed && text.equals("eof"))) {
      return UINT64_MAX;
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw invalid(name, "is not an unsigned 64-bit number (0 .. 18446744073709551615"
          + (eofAllowed ? ", max or eof)" : " or max)"));
    }
  }

  /** A whole number in [min, max]. */
  long whole(String name, long min, long max) {
    ConfigValue v = value(name);
    if (v.valueType() == ConfigValueType.NUMBER) {
      Object raw = v.unwrapped();
      if ((raw instanceof Integer || raw instanceof Long) && ((Number) raw).longValue() >= min
          && ((Number) raw).longValue() <= max) {
        return ((Number) raw).longValue();
      }
    }
    throw invalid(name, "is not a whole number in " + min + " .. " + max);
  }

  /** A duration >= 0 (HOCON form: 2s, 500ms; a bare number means milliseconds). */
  Duration duration(String name) {
    ConfigValue v = value(name);
    Duration d;
    try {
      d = v.atKey("v").getDuration("v");
    } catch (ConfigException e) {
      throw invalid(name, "is not a duration (like 500ms or 2s)");
    }
    if (d.isNegative()) {
      throw invalid(name, "is negative");
    }
    return d;
  }

  Duration duration(String name, Duration otherwise) {
    return has(name) ? duration(name) : otherwise;
  }

  /** A non-empty list of distinct, non-empty strings. */
  List<String> nameList(String name) {
    ConfigValue v = value(name);
    if (v.valueType() != ConfigValueType.LIST) {
      throw invalid(name, "is not a list [a, b]");
    }
    List<String> out = new ArrayList<>();
    for (ConfigValue element : (ConfigList) v) {
      if (element.valueType() != ConfigValueType.STRING && element.valueType() != ConfigValueType.NUMBER) {
        throw invalid(name, "is not a list of names");
      }
      String s = String.valueOf(element.unwrapped()).strip();
      if (s.isEmpty()) {
        throw invalid(name, "has an empty name");
      }
      if (out.contains(s)) {
        throw ConfigError.at(element.origin(), context + ": " + name + " names " + s + " twice");
      }
      out.add(s);
    }
    if (out.isEmpty()) {
      throw invalid(name, "must not be empty");
    }
    return List.copyOf(out);
  }

  /** The nested object {@code name}, as fields of its own. */
  Fields child(String name, String childContext) {
    ConfigValue v = value(name);
    if (v.valueType() != ConfigValueType.OBJECT) {
      throw invalid(name, "is not an object { ... }");
    }
    return new Fields((ConfigObject) v, childContext);
  }

  /** "name = value problem", at the value's line. */
  ConfigError invalid(String name, String problem) {
    ConfigValue v = object.get(name);
    String shown = v == null ? "" : " = " + render(v);
    return ConfigError.at(origin(name), context + ": " + name + shown + " " + problem);
  }

  /** "name problem", at the value's line (or the object's, when absent). */
  ConfigError error(String name, String problem) {
    return ConfigError.at(origin(name), context + ": " + name + " " + problem);
  }

  /** A value as the script would write it. */
  static String render(ConfigValue v) {
    if (v.valueType() == ConfigValueType.STRING && PLAIN.matcher((String) v.unwrapped()).matches()) {
      return (String) v.unwrapped();
    }
    if (v.valueType() == ConfigValueType.LIST) {
      List<String> elements = new ArrayList<>();
      ((ConfigList) v).forEach(e -> elements.add(render(e)));
      return "[" + String.join(", ", elements) + "]";
    }
    return v.render(ConfigRenderOptions.concise());
  }

  /** " (did you mean 'x'?)" when a known word is a small typo away, else "". */
  static String suggestion(String word, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(known)) {
      int d = ConfigText.editDistance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    boolean close = best != null && bestDistance > 0 && bestDistance <= Math.max(2, word.length() / 3);
    return close ? " (did you mean '" + best + "'?)" : "";
  }
}
