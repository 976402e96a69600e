package org.nfs41sim.sim.runtime;

import java.util.Arrays;
import java.util.PriorityQueue;
import org.nfs41sim.sim.random.RandomSource;

/**
 * Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010).
 *
 * <p>Each actor (a "thread" of the paper) gets a random priority the first time it becomes
 * runnable; the driver always runs the runnable task of highest priority. At d-1 distinct change
 * points k_1..k_{d-1}, drawn uniformly from the first k steps, the actor picked at step k_i drops
 * to priority i, below every initial priority. In the paper's setting (n threads, k steps) a bug
 * of depth d is found with probability at least 1/(n k^(d-1)) per run; here a step is a mailbox
 * run or a callback, and an actor's priority is drawn when it first becomes runnable.
 */
final class PctStrategy implements SchedulingStrategy {
  private final RandomSource random;
  private final int depth;
  private final long[] changePoints; // sorted step numbers
  private final int[] changePriorities; // the priority a change point gives: its draw index
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          (a, b) -> a.priority != b.priority
              ? Long.compare(b.priority, a.priority)
              : Long.compare(a.seq, b.seq));
  private int nextChange;

  PctStrategy(RandomSource random, int depth, long expectedSteps) {
    this.random = random;
    this.depth = depth;
    // d-1 distinct change points k_1..k_{d-1} in [1, k]; k_i lowers the running actor to priority
    // i, so demoted actors resume in the random order of the draws, as in the paper.
    int n = (int) Math.min(depth - 1, expectedSteps);
    long[] drawn = new long[n];
    for (int i = 0; i < n; i++) {
      long point;
      do {
        point = random.nextLong(1, expectedSteps + 1);
      } while (contains(drawn, i, point));
      drawn[i] = point;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(drawn[a], drawn[b]));
    this.changePoints = new long[n];
    this.changePriorities = new int[n];
    for (int i = 0; i < n; i++) {
      changePoints[i] = drawn[order[i]];
      changePriorities[i] = order[i] + 1;
    }
  }

  private static boolean contains(long[] values, int size, long value) {
    for (int i = 0; i < size; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
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
    if (nextChange < changePoints.length && changePoints[nextChange] == step) {
      task.priority = changePriorities[nextChange++]; // kept by the actor's task when runnable again
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
