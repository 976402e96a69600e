package org.nfs41sim.sim.runtime;

import java.util.ArrayDeque;

/** Runs tasks in submission order: the schedule an ordinary single-threaded executor gives. */
final class FifoStrategy implements SchedulingStrategy {
  private final ArrayDeque<Task> queue = new ArrayDeque<>();

  @Override
  public String name() {
    return "fifo";
  }

  @Override
  public void add(Task task) {
    queue.addLast(task);
  }

  @Override
  public Task next() {
    return queue.pollFirst();
  }

  @Override
  public boolean isEmpty() {
    return queue.isEmpty();
  }

  @Override
  public java.util.List<Task> removeAll() {
    java.util.List<Task> all = new java.util.ArrayList<>(queue);
    queue.clear();
    return all;
  }
}
