package org.nfs41sim.sim.script;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What one script run prints and how it ended, filled in by its driver actor on the driver thread
 * and read after the run. Once the script has finished, nothing more is recorded.
 */
final class ScriptLog {
  private final LongSupplier clock;
  private final boolean verbose;
  private final List<String> lines = new ArrayList<>();
  private boolean finished;
  private String failure;

  ScriptLog(LongSupplier clock, boolean verbose) {
    this.clock = clock;
    this.verbose = verbose;
  }

  long now() {
    return clock.getAsLong();
  }

  /** A step line: {@code step N @T <text>  ok} or {@code ...  FAILED: why}. */
  void step(int number, long atNanos, String text, String failed) {
    if (finished) {
      return;
    }
    lines.add("step " + number + " " + Describe.time(atNanos) + " " + text + (failed == null ? "  ok" : "  FAILED: " + failed));
    if (failed != null) {
      failure = "step " + number + ": " + failed;
      finished = true;
    }
  }

  /** Something that happened between steps (a callback, an automatic DELEGRETURN). */
  void event(String text) {
    if (!finished) {
      lines.add("      " + Describe.time(now()) + " " + text);
    }
  }

  /** A server fact, shown only in verbose mode. */
  void fact(Object fact) {
    if (verbose && !finished) {
      lines.add("      " + Describe.time(now()) + " server: " + fact);
    }
  }

  /** Every step ran as expected. */
  void completed() {
    finished = true;
  }

  /** The run ended before the script did (a time-out of the run itself, a runtime failure). */
  void abort(String why) {
    if (!finished) {
      lines.add("run ended: " + why);
      failure = why;
      finished = true;
    }
  }

  boolean finished() {
    return finished;
  }

  String failure() {
    return failure;
  }

  List<String> lines() {
    return List.copyOf(lines);
  }
}
