package org.nfs41sim.sim.script;

import java.util.List;

/**
 * How one script ran: its step lines (with callback events between them) and, if it failed, the
 * first step that did not go as expected.
 */
public record ScriptResult(String source, String cite, String description, int steps, List<String> lines,
    String failure) {

  public boolean passed() {
    return failure == null;
  }
}
