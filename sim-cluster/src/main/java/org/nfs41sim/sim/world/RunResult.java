package org.nfs41sim.sim.world;

import org.nfs41sim.sim.net.Network;
import org.nfs41sim.sim.runtime.Pending;
import org.nfs41sim.sim.runtime.RunEnd;

/**
 * How a run ended and what it did. {@code failure} is one line when the run could not be a
 * function of its seed (a foreign submission) or a replay left its schedule; {@code end} is then
 * null.
 */
public record RunResult(
    long seed,
    String strategy,
    RunEnd end,
    String failure,
    long steps,
    long events,
    long virtualNanos,
    String digest,
    Pending pending,
    Network.Stats network,
    long[] choices) {

  public boolean failed() {
    return failure != null;
  }
}
