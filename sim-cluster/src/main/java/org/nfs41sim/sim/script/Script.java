package org.nfs41sim.sim.script;

import java.util.List;
import java.util.Map;
import org.nfs41sim.sim.config.DelaySettings;
import org.nfs41sim.sim.config.ServerConfig;

/**
 * A parsed, checked conformance script: what it cites, its file set and clients, how each client
 * answers CB_RECALL, the server's settings and the network delay for its run, and its steps.
 */
public record Script(String source, String cite, String description, List<String> files, List<String> clients,
    Map<String, CallbackPolicy> callbacks, ServerConfig server, DelaySettings delay, List<Step> steps) {

  /** How many steps the script has. */
  public int stepCount() {
    return steps.size();
  }
}
