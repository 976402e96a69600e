package org.nfs41sim.sim.scenario;

import java.util.Locale;

/** The kinds of fault a scenario run can meet ({@link FaultPlan}), as reports name them. */
public enum FaultKind {
  /** A server reboot at a random instant. */
  REBOOT(true),
  /** A reboot right behind a claim RPC of a delegation return. */
  TARGETED_REBOOT(true),
  /** A reboot right behind a reclaim RPC, while recovery from an earlier reboot runs. */
  RECOVERY_REBOOT(true),
  /** A client's connection to the server drops and comes back. */
  CONNECTION_LOSS(true),
  /** A client is cut off from the server long enough for its lease to expire. */
  PARTITION(true),
  /** A CB_RECALL is lost. */
  CALLBACK_LOSS(false),
  /** A CB_RECALL is held back. */
  CALLBACK_DELAY(false);

  private final boolean actsOnRpcs;

  FaultKind(boolean actsOnRpcs) {
    this.actsOnRpcs = actsOnRpcs;
  }

  /** Whether it acts on the fore channel's RPCs (and so can interrupt a delegation return). */
  public boolean actsOnRpcs() {
    return actsOnRpcs;
  }

  /** The name reports use, e.g. {@code connection-loss}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
