package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The effective, checked configuration of one nfs41sim invocation.
 *
 * @param config the resolved config: nfs41sim.* (complete, defaults included) plus any pekko.*
 *     the user gave; Pekko adds its own reference.conf when an actor system is created from it
 * @param run {@code nfs41sim.run}
 * @param network {@code nfs41sim.network}
 * @param server {@code nfs41sim.server}
 * @param client {@code nfs41sim.client}
 * @param workload {@code nfs41sim.workload}
 * @param faults {@code nfs41sim.faults}
 * @param showcase {@code nfs41sim.showcase}
 */
public record Nfs41Config(Config config, RunSettings run, NetworkSettings network, ServerConfig server,
    ClientConfig client, WorkloadSettings workload, FaultSettings faults, ShowcaseSettings showcase) {
  public Nfs41Config {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(showcase, "showcase");
  }

  /** Reads and checks the settings records of a resolved config (keys are not checked here). */
  public static Nfs41Config of(Config resolved) {
    NetworkSettings network = NetworkSettings.from(resolved);
    ServerConfig server = ServerConfig.from(resolved);
    return new Nfs41Config(resolved, RunSettings.from(resolved), network, server,
        ClientConfig.from(resolved, server, network), WorkloadSettings.from(resolved), FaultSettings.from(resolved),
        ShowcaseSettings.from(resolved));
  }

  /** The {@code nfs41sim} subtree in one canonical line (keys sorted, no comments). */
  public String canonical() {
    return config.getConfig("nfs41sim").root().render(ConfigRenderOptions.concise());
  }

  /** The {@code nfs41sim} subtree as readable HOCON, for printing the settings of a run. */
  public String render() {
    ConfigRenderOptions options =
        ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(false);
    return config.getConfig("nfs41sim").root().render(options);
  }

  /**
   * SHA-256 (lower-case hex) of {@link #canonical()}: equal fingerprints mean equal nfs41sim
   * settings, seed included. It is textual, so {@code 1s} and {@code 1000ms} differ.
   */
  public String fingerprint() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The same configuration with {@code nfs41sim.run.seed} replaced (config and record alike). */
  public Nfs41Config withSeed(long seed) {
    Config changed = config.withValue("nfs41sim.run.seed", ConfigValueFactory.fromAnyRef(seed));
    return new Nfs41Config(changed, run.withSeed(seed), network, server, client, workload, faults,
        showcase);
  }
}
