package org.nfs41sim.sim.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Pending timers ordered by (due time, creation order): O(log n) to add or take the next one, so
 * many pending timers cost no scan per step. Cancelled timers are left in the heap and skipped,
 * and swept out when they outnumber the live ones.
 */
final class TimerQueue {
  private static final Comparator<Timer> ORDER =
      Comparator.<Timer>comparingLong(t -> t.dueNanos).thenComparingLong(t -> t.seq);

  private final PriorityQueue<Timer> heap = new PriorityQueue<>(ORDER);
  private final Driver driver;
  private long nextSeq;
  private int liveOneShot;
  private int livePeriodic;
  private int cancelledInHeap;

  TimerQueue(Driver driver) {
    this.driver = driver;
  }

  /** False (and the run failed) when a timer is touched from a thread other than the driver's. */
  boolean onDriverThread() {
    if (driver.onDriverThread()) {
      return true;
    }
    driver.foreignSubmission("the cancellation of a timer");
    return false;
  }

  void add(Timer timer) {
    timer.seq = nextSeq++;
    timer.inHeap = true;
    heap.add(timer);
    if (timer.periodic()) {
      livePeriodic++;
    } else {
      liveOneShot++;
    }
  }

  /** Puts a periodic timer back for its next firing. */
  void rearm(Timer timer) {
    timer.dueNanos = timer.intervalNanos > Long.MAX_VALUE - timer.dueNanos
        ? Long.MAX_VALUE : timer.dueNanos + timer.intervalNanos;
    timer.seq = nextSeq++;
    timer.inHeap = true;
    heap.add(timer);
  }

  void cancelled(Timer timer) {
    if (timer.periodic()) {
      livePeriodic--;
    } else {
      liveOneShot--;
    }
    if (!timer.inHeap) {
      return; // cancelled while firing: it is simply not put back
    }
    cancelledInHeap++;
    if (cancelledInHeap > 1024 && cancelledInHeap > heap.size() / 2) {
      heap.removeIf(t -> {
        if (t.cancelled) {
          t.inHeap = false;
        }
        return t.cancelled;
      });
      cancelledInHeap = 0;
    }
  }

  /** The next live timer, left in place, or null. */
  Timer peek() {
    Timer t;
    while ((t = heap.peek()) != null && t.cancelled) {
      heap.poll();
      t.inHeap = false;
      cancelledInHeap--;
    }
    return t;
  }

  /** Takes the next live timer off the heap; a one-shot timer stops counting as pending. */
  Timer poll() {
    Timer t = peek();
    if (t != null) {
      heap.poll();
      t.inHeap = false;
      if (!t.periodic()) {
        t.fired = true;
        liveOneShot--;
      }
    }
    return t;
  }

  int liveOneShot() {
    return liveOneShot;
  }

  boolean isEmpty() {
    return liveOneShot + livePeriodic == 0;
  }

  /** Live timers in firing order, for the pending probe. */
  List<Timer> live() {
    List<Timer> live = new ArrayList<>();
    for (Timer t : heap) {
      if (!t.cancelled) {
        live.add(t);
      }
    }
    live.sort(ORDER);
    return live;
  }

  /** Drops every timer: called between runs, so nothing of one run fires in the next. */
  void clear() {
    for (Timer t : heap) {
      t.cancelled = true;
    }
    heap.clear();
    liveOneShot = 0;
    livePeriodic = 0;
    cancelledInHeap = 0;
    nextSeq = 0;
  }
}
