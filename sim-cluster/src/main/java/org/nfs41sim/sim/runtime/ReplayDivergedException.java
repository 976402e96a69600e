package org.nfs41sim.sim.runtime;

/** A replay that no longer follows its saved schedule: the code or the settings differ. */
public final class ReplayDivergedException extends RuntimeException {
  ReplayDivergedException(String message) {
    super(message, null, false, false);
  }
}
