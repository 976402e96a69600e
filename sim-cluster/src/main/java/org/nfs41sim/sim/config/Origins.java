package org.nfs41sim.sim.config;

import com.typesafe.config.ConfigOrigin;

/** Formats where a setting came from: {@code file:line}, {@code resource:line} or the --set flag. */
final class Origins {
  /** Classpath resource holding the defaults; values from it are "not the user's". */
  static final String DEFAULTS_RESOURCE = "config/defaults.conf";

  /** Origin description of a --set override starts with this; it is shown without a line. */
  static final String SET_PREFIX = "--set ";

  private Origins() {}

  /** {@code file:line} for a file, resource or text; the plain flag for a --set override. */
  static String format(ConfigOrigin origin) {
    if (origin == null) {
      return "<unknown>";
    }
    String where = origin.filename() != null ? origin.filename() : origin.resource();
    if (where == null && origin.url() != null) {
      where = origin.url().toString();
    }
    if (where == null) {
      where = origin.withLineNumber(-1).description();
      if (where.startsWith(SET_PREFIX)) {
        return where;
      }
    }
    return origin.lineNumber() >= 0 ? where + ":" + origin.lineNumber() : where;
  }

  /** True when the value comes from defaults.conf rather than from the user. */
  static boolean isDefault(ConfigOrigin origin) {
    return origin != null && DEFAULTS_RESOURCE.equals(origin.resource());
  }

  /** Sort key that puts errors in files first, by line, then errors from --set flags. */
  static long order(ConfigOrigin origin) {
    if (origin == null) {
      return Long.MAX_VALUE;
    }
    boolean inFile = origin.filename() != null || origin.resource() != null;
    return (inFile ? 0L : 1L << 32) + Math.max(0, origin.lineNumber());
  }
}
