package org.nfs41sim.sim.runtime;

import java.util.HashMap;

/**
 * Replays a saved schedule: step i runs the task whose submission number the schedule recorded.
 * Tasks are keyed by that number (a Long), never by identity, so lookups are deterministic.
 */
final class ReplayStrategy implements SchedulingStrategy {
  private final long[] choices;
  private final HashMap<Long, Task> runnable = new HashMap<>();
  private int step;

  ReplayStrategy(long[] choices) {
    this.choices = choices;
  }

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public void add(Task task) {
    runnable.put(task.seq, task);
  }

  @Override
  public Task next() {
    if (runnable.isEmpty()) {
      return null;
    }
    if (step >= choices.length) {
      throw new ReplayDivergedException(
          "the replay wants step " + (step + 1) + " but the schedule ends after " + choices.length);
    }
    Task task = runnable.remove(choices[step]);
    if (task == null) {
      throw new ReplayDivergedException(
          "step " + (step + 1) + " of the schedule names task #" + choices[step]
              + ", which is not runnable in the replay");
    }
    step++;
    return task;
  }

  @Override
  public boolean isEmpty() {
    return runnable.isEmpty();
  }

  @Override
  public java.util.List<Task> removeAll() {
    java.util.List<Task> all = new java.util.ArrayList<>(runnable.values());
    all.sort(java.util.Comparator.comparingLong(t -> t.seq));
    runnable.clear();
    return all;
  }
}
