package org.nfs41sim.sim.runtime;

import java.util.Arrays;
import org.nfs41sim.sim.random.RandomSource;

/** Picks uniformly among the runnable tasks, in O(1) per pick. */
final class RandomStrategy implements SchedulingStrategy {
  private final RandomSource random;
  private Task[] tasks = new Task[64];
  private int size;

  RandomStrategy(RandomSource random) {
    this.random = random;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public void add(Task task) {
    if (size == tasks.length) {
      tasks = Arrays.copyOf(tasks, size * 2);
    }
    tasks[size++] = task;
  }

  @Override
  public Task next() {
    if (size == 0) {
      return null;
    }
    int i = size == 1 ? 0 : random.nextInt(size);
    Task picked = tasks[i];
    tasks[i] = tasks[--size]; // swap-remove: the array's order is itself a function of the seed
    tasks[size] = null;
    return picked;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public java.util.List<Task> removeAll() {
    java.util.List<Task> all = new java.util.ArrayList<>(Arrays.asList(tasks).subList(0, size));
    all.sort(java.util.Comparator.comparingLong(t -> t.seq));
    Arrays.fill(tasks, 0, size, null);
    size = 0;
    return all;
  }
}
