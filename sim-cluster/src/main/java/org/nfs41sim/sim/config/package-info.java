/**
 * nfs41sim settings: loading {@code config/defaults.conf}, a scenario file and {@code --set}
 * overrides into one resolved Typesafe {@link com.typesafe.config.Config}, rejecting unknown keys,
 * wrong types and impossible values with a one-line {@link org.nfs41sim.sim.config.ConfigError},
 * and exposing the result as immutable settings records.
 *
 * <p>Start at {@link org.nfs41sim.sim.config.ConfigLoader}; it returns a
 * {@link org.nfs41sim.sim.config.Nfs41Config}.
 *
 * <p>May use the JDK and Typesafe Config only. It knows nothing of Pekko actors, the runtime, the
 * network model or the command line; they depend on it, never the other way round.
 */
package org.nfs41sim.sim.config;
