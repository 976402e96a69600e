package org.nfs41sim.model.server;

import java.time.Duration;
import java.util.List;

/**
 * The server's constants (config keys {@code nfs41sim.server.*}), validated by the harness that
 * reads them. {@code courtesy}: a client whose lease expired keeps its state until another client
 * needs that file (RFC 8881 §8.3; Linux's courteous server). {@code files} is the file set,
 * declared up front.
 */
public record ServerSettings(
    Duration leaseTime,
    Duration gracePeriod,
    Duration recallTimeout,
    DelegationPolicy delegationPolicy,
    boolean graceEndsEarly,
    boolean courtesy,
    List<String> files) {

  /** When the server hands out delegations (RFC 8881 §10.4 leaves it to the server). */
  public enum DelegationPolicy {
    /** Whenever §10.4 allows it. */
    ALWAYS,
    /** Never. */
    NEVER,
    /** Only when no other client holds an open or a delegation on the file. */
    UNCONTENDED
  }

  /** The laundromat sweeps ten times per lease: a lease expires within a tenth of a lease late. */
  public Duration laundromatInterval() {
    return leaseTime.dividedBy(10);
  }
}
