package org.nfs41sim.sim.runtime;

/**
 * Work reached the driver from a thread other than its own. Its place in the schedule would
 * depend on real timing, so the run can no longer be a function of its seed: it fails.
 */
public final class ForeignSubmissionException extends RuntimeException {
  ForeignSubmissionException(String message) {
    super(message, null, false, false);
  }
}
