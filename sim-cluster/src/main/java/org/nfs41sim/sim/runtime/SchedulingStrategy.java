package org.nfs41sim.sim.runtime;

/**
 * Picks the next task among the runnable ones. Every strategy is a pure function of its seed and
 * of the sequence of additions, so a run is a pure function of (configuration, seed).
 */
public interface SchedulingStrategy {
  /** The name used on the command line and in saved schedules. */
  String name();

  void add(Task task);

  /** Removes and returns the next task to run, or null when none is runnable. */
  Task next();

  boolean isEmpty();

  /** Called when {@code task} was picked as step {@code step} (counting from 1), before it runs. */
  default void picked(Task task, long step) {}

  /** Removes and returns every runnable task, in submission order (to settle between runs). */
  java.util.List<Task> removeAll();
}
