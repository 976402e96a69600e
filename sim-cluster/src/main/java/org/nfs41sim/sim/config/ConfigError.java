package org.nfs41sim.sim.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;

/**
 * A user mistake in the configuration. Its message is one line: where (file:line or the
 * {@code --set key=value} flag), what key, and what is wrong with it.
 */
public final class ConfigError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a ready-made message; line breaks are folded into spaces. */
  public ConfigError(String message) {
    super(oneLine(message));
  }

  /** An error located at {@code origin}, e.g. {@code x.conf:12: <problem>}. */
  public static ConfigError at(ConfigOrigin origin, String problem) {
    return new ConfigError(Origins.format(origin) + ": " + problem);
  }

  /** Turns a Typesafe Config exception (syntax error, bad substitution, ...) into one line. */
  public static ConfigError from(ConfigException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    ConfigOrigin origin = e.origin();
    if (origin == null) {
      return new ConfigError(message);
    }
    // Typesafe prefixes "<origin description>: "; replace it with our file:line form.
    String prefix = origin.description() + ": ";
    String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    return at(origin, lowerFirst(problem));
  }

  private static String lowerFirst(String s) {
    boolean acronym = s.length() > 1 && Character.isUpperCase(s.charAt(1));
    return s.isEmpty() || acronym ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
