package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the shape of the effective config with defaults.conf: every key must exist there, every
 * object must stay an object and every list a list. Leaf types and values are checked later by the
 * settings records.
 */
final class KeyChecker {
  /** Top-level trees we pass through unchecked, for the libraries that own them. */
  private static final Set<String> FOREIGN_ROOTS = Set.of("pekko");

  /** Lists whose elements are objects of a fixed shape (defaults.conf only has empty lists). */
  private static final Map<String, ConfigObject> ELEMENT_SHAPES =
      Map.of(
          "nfs41sim.network.links", LinkRule.SHAPE,
          "nfs41sim.network.partitions", PartitionRule.SHAPE);

  private record Problem(ConfigOrigin origin, String text) {}

  private final List<Problem> problems = new ArrayList<>();

  private KeyChecker() {}

  /** Throws a {@link ConfigError} for the first problem (files by line, then --set flags). */
  static void check(Config effective, Config defaults) {
    KeyChecker checker = new KeyChecker();
    ConfigObject root = effective.root();
    for (String key : new TreeSet<>(root.keySet())) {
      if (FOREIGN_ROOTS.contains(key)) {
        continue;
      }
      ConfigValue expected = defaults.root().get(key);
      String path = ConfigUtil.joinPath(key);
      if (expected == null) {
        checker.unknown(root.get(key), path, " (settings live under nfs41sim.*; pekko.* goes to Pekko)");
      } else {
        checker.walk(root.get(key), expected, path);
      }
    }
    checker.problems.stream()
        .min(Comparator.comparingLong((Problem p) -> Origins.order(p.origin())))
        .ifPresent(p -> { throw ConfigError.at(p.origin(), p.text()); });
  }

  private void walk(ConfigValue actual, ConfigValue expected, String path) {
    if (expected.valueType() == ConfigValueType.OBJECT) {
      walkObject(actual, (ConfigObject) expected, path);
    } else if (expected.valueType() == ConfigValueType.LIST) {
      walkList(actual, path);
    }
  }

  private void walkObject(ConfigValue actual, ConfigObject expected, String path) {
    if (actual.valueType() != ConfigValueType.OBJECT) {
      wrongShape(actual, path, "is not an object { ... }");
      return;
    }
    ConfigObject object = (ConfigObject) actual;
    for (String key : new TreeSet<>(object.keySet())) {
      String child = path + "." + ConfigUtil.joinPath(key);
      if (expected.containsKey(key)) {
        walk(object.get(key), expected.get(key), child);
      } else {
        unknown(object.get(key), child, suggestion(key, expected.keySet(), path));
      }
    }
  }

  private void walkList(ConfigValue actual, String path) {
    if (actual.valueType() != ConfigValueType.LIST) {
      wrongShape(actual, path, "is not a list [ ... ]");
      return;
    }
    ConfigObject shape = ELEMENT_SHAPES.get(path);
    ConfigList list = (ConfigList) actual;
    for (int i = 0; shape != null && i < list.size(); i++) {
      walkObject(list.get(i), shape, path + "[" + i + "]");
    }
  }

  private void wrongShape(ConfigValue actual, String path, String problem) {
    problems.add(new Problem(actual.origin(), path + " = " + SettingsReader.render(actual) + " " + problem));
  }

  /** Reports the unknown key, descending to its first leaf so the message names a full key. */
  private void unknown(ConfigValue value, String path, String hint) {
    while (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
      ConfigObject object = (ConfigObject) value;
      String first =
          object.keySet().stream()
              .min(Comparator.comparingInt((String k) -> object.get(k).origin().lineNumber())
                  .thenComparing(Comparator.naturalOrder()))
              .orElseThrow();
      path = path + "." + ConfigUtil.joinPath(first);
      value = object.get(first);
    }
    problems.add(new Problem(value.origin(), "unknown key " + path + hint));
  }

  /** " (did you mean x.y?)" when a known sibling is a small typo away, else "". */
  private static String suggestion(String key, Set<String> known, String parentPath) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(known)) {
      int d = ConfigText.editDistance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    boolean close = best != null && bestDistance <= Math.max(2, key.length() / 3);
    return close ? " (did you mean " + parentPath + "." + ConfigUtil.joinPath(best) + "?)" : "";
  }
}
