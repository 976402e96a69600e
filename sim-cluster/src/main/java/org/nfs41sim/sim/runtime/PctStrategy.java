package org.nfs41sim.sim.runtime;

import java.util.Arrays;
import java.util.PriorityQueue;
import org.nfs41sim.sim.random.RandomSource;

/**
 * Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010).
 *
 * <p>Each actor (a "thread" of the paper) gets a random priority the first time it becomes
 * runnable; the driver always runs the runnable task of highest priority. At d-1 change points,
 * drawn uniformly from the first k steps, the actor just run drops below every initial priority.
 * A bug of depth d is then found with probability at least 1/(n k^(d-1)) per run.
 */
final class PctStrategy implements SchedulingStrategy {
  private final RandomSource random;
  private final int depth;
  private final long[] changePoints; // sorted step numbers
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          (a, b) -> a.priority != b.priority
              ? Long.compare(b.priority, a.priority)
              : Long.compare(a.seq, b.seq));
  private int nextChange;

  PctStrategy(RandomSource random, int depth, long expectedSteps) {
    this.random = random;
    this.depth = depth;
    this.changePoints = new long[depth - 1];
    for (int i = 0; i < changePoints.length; i++) {
      changePoints[i] = random.nextLong(1, expectedSteps + 1);
    }
    Arrays.sort(changePoints);
  }

  @Override
  public String name() {
    return "pct";
  }

  @Override
  public void add(Task task) {
    if (task.priorityOwner != this) {
      // Initial priorities lie above d, change-point priorities in [1, d): the paper's layout.
      task.priority = depth + (random.nextLong() >>> 2);
      task.priorityOwner = this;
    }
    queue.add(task);
  }

  @Override
  public Task next() {
    return queue.poll();
  }

  @Override
  public void picked(Task task, long step) {
    // The task is out of the queue now, so its priority can change without breaking the heap.
    while (nextChange < changePoints.length && changePoints[nextChange] == step) {
      nextChange++;
      task.priority = depth - nextChange; // kept by the actor's task when it is runnable again
    }
  }

  @Override
  public boolean isEmpty() {
    return queue.isEmpty();
  }

  @Override
  public java.util.List<Task> removeAll() {
    java.util.List<Task> all = new java.util.ArrayList<>(queue);
    all.sort(java.util.Comparator.comparingLong(t -> t.seq));
    queue.clear();
    return all;
  }
}
