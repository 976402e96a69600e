package org.nfs41sim.sim.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.dispatch.Mailbox;
import scala.concurrent.ExecutionContext;

/**
 * The heart of the deterministic runtime: one thread that runs every task of an actor system, one
 * at a time, in the order a seeded {@link SchedulingStrategy} picks, on a virtual clock that moves
 * to the next timer only when nothing is runnable.
 *
 * <p>The driver thread is the one that created the system, or the last to call {@link #adopt}.
 * Everything Pekko hands to the controlled executor, scheduler or mailboxes must come from it;
 * anything else fails the run ({@link ForeignSubmissionException}).
 */
public final class Driver {
  private static final String HARNESS = "harness";

  private volatile Thread thread;
  private volatile String foreign;

  private final TimerQueue timers = new TimerQueue(this);
  private final LinkedHashSet<ActorQueue> queues = new LinkedHashSet<>(); // creation order
  private SchedulingStrategy strategy = new FifoStrategy();

  private long now;
  private long steps;
  private long nextSeq;
  private long events;
  private ActorQueue current;
  private long currentEvent;
  private DeliveryListener listener;
  private long[] recorded;
  private int recordedSize;

  Driver(Thread thread) {
    this.thread = thread;
  }

  /** Makes the calling thread the driver thread (for a harness that hands a system over). */
  public void adopt() {
    thread = Thread.currentThread();
  }

  /**
   * Starts a new run: clock, step, event and submission counters back to zero, no timer left,
   * the given strategy. Call it when the system is settled ({@link RunLimits#drain()}).
   */
  public void beginRun(SchedulingStrategy strategy, DeliveryListener listener, boolean record) {
    checkThread();
    if (!this.strategy.isEmpty()) {
      throw new IllegalStateException("a run begins while tasks of the previous one are runnable");
    }
    timers.clear();
    this.strategy = strategy;
    this.listener = listener;
    this.recorded = record ? new long[1024] : null;
    this.recordedSize = 0;
    now = 0;
    steps = 0;
    nextSeq = 0;
    events = 0;
  }

  /**
   * Ends the run's recording and hands what is still runnable to a FIFO strategy, so the system
   * can be settled (stopped actors, pending timers run out) outside any run.
   */
  public void beginSettling() {
    checkThread();
    SchedulingStrategy fifo = new FifoStrategy();
    for (Task task : strategy.removeAll()) {
      fifo.add(task);
    }
    strategy = fifo;
    listener = null;
    recorded = null;
    steps = 0;
  }

  /** Runs tasks until one of the limits ends the run. */
  public RunEnd run(RunLimits limits) {
    checkThread();
    while (true) {
      throwIfForeign();
      if (!strategy.isEmpty()) {
        if (steps >= limits.stepBudget()) {
          return RunEnd.STEP_BUDGET;
        }
        Task task = strategy.next();
        if (task == null) {
          continue; // a strategy may find nothing after all (never the built-in ones)
        }
        steps++;
        if (recorded != null) {
          record(task.seq);
        }
        strategy.picked(task, steps);
        runTask(task);
        continue;
      }
      limits.settled().run();
      if (!strategy.isEmpty()) {
        continue; // the check sent something (a fault injector may)
      }
      if (timers.liveOneShot() == 0) {
        if (limits.done().getAsBoolean()) {
          return RunEnd.COMPLETED;
        }
        if (timers.isEmpty()) {
          return RunEnd.IDLE;
        }
      }
      Timer next = timers.peek();
      if (next.dueNanos > limits.horizonNanos()) {
        return RunEnd.HORIZON;
      }
      if (!fireDue(next.dueNanos, limits.stepBudget())) {
        return RunEnd.STEP_BUDGET;
      }
    }
  }

  private void runTask(Task task) {
    ActorQueue owner = task.owner;
    current = owner;
    currentEvent = owner == null ? 0 : owner.lastEvent;
    try {
      task.runnable.run();
    } finally {
      current = null;
      currentEvent = 0;
    }
  }

  /** Fires the timers due at {@code due}, each a step; false when the step budget ran out. */
  private boolean fireDue(long due, long stepBudget) {
    now = due;
    Timer timer;
    while ((timer = timers.peek()) != null && timer.dueNanos == due) {
      if (steps >= stepBudget) {
        return false; // a chain of zero-delay timers must not spin past the budget
      }
      steps++;
      timers.poll();
      current = timer.owner;
      currentEvent = timer.cause;
      try {
        if (timer.executor == null) {
          timer.runnable.run();
        } else {
          timer.executor.execute(timer.runnable);
        }
      } finally {
        current = null;
        currentEvent = 0;
      }
      if (timer.periodic() && !timer.cancelled) {
        timers.rearm(timer);
      }
    }
    return true;
  }

  // ---- called by the controlled executor, mailboxes and scheduler ----

  void submit(Runnable runnable) {
    if (!onDriverThread()) {
      foreignSubmission("a task (" + runnable.getClass().getSimpleName() + ")");
      return;
    }
    Task task;
    if (runnable instanceof Mailbox mailbox) {
      if (!(mailbox.messageQueue() instanceof ActorQueue queue)) {
        throw new IllegalStateException("an actor uses mailbox " + mailbox.messageQueue().getClass().getName()
            + ", which the driver cannot record; deterministic mode supports the default mailbox only");
      }
      task = queue.task;
      if (task.runnable == null) {
        task.runnable = mailbox; // an actor keeps its mailbox for life
      }
    } else {
      task = new Task(runnable, current, false);
    }
    task.seq = nextSeq++;
    strategy.add(task);
  }

  Cancellable schedule(long delayNanos, long intervalNanos, Runnable runnable, ExecutionContext executor) {
    if (!onDriverThread()) {
      foreignSubmission("a timer");
      return CANCELLED;
    }
    long due = delayNanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + Math.max(0, delayNanos);
    Timer timer = new Timer(timers, due, intervalNanos, runnable, executor, current, currentEvent);
    timers.add(timer);
    return timer;
  }

  /**
   * Runs {@code action} on the driver after {@code delayNanos} of virtual time, as the current
   * actor: what it sends is attributed to that actor and caused by its current event. A pending
   * action keeps a run alive, like any one-shot timer (it is a message in flight).
   */
  public Cancellable after(long delayNanos, Runnable action) {
    return schedule(delayNanos, 0, action, null);
  }

  ActorQueue newQueue(String label) {
    ActorQueue queue = new ActorQueue(this, label);
    if (onDriverThread()) {
      queues.add(queue);
    } else {
      foreignSubmission("the creation of " + label);
    }
    return queue;
  }

  /**
   * Hides the harness's own actor at {@code label} (say, the guardian that starts each run's
   * world): what it receives gets no event id and reaches no listener.
   */
  public void hide(String label) {
    for (ActorQueue q : queues) {
      if (q.label.equals(label)) {
        q.hidden = true;
      }
    }
  }

  void forget(ActorQueue queue) {
    queues.remove(queue);
  }

  void delivered(ActorQueue receiver, ActorQueue sender, long cause, Object message) {
    if (receiver.hidden) {
      current = receiver;
      return;
    }
    long event = ++events;
    current = receiver;
    currentEvent = event;
    receiver.lastEvent = event;
    if (listener != null) {
      listener.delivered(event, now, sender == null ? HARNESS : sender.label, receiver.label, cause, message);
    }
  }

  boolean onDriverThread() {
    return Thread.currentThread() == thread;
  }

  void foreignSubmission(String what) {
    if (foreign == null) {
      foreign = "run failed: " + what + " was submitted from thread '" + Thread.currentThread().getName()
          + "', not from the driver thread '" + thread.getName() + "'";
    }
  }

  private void throwIfForeign() {
    String f = foreign;
    if (f != null) {
      throw new ForeignSubmissionException(f);
    }
  }

  private void checkThread() {
    if (!onDriverThread()) {
      throw new ForeignSubmissionException("the driver was called from thread '"
          + Thread.currentThread().getName() + "', not from its own thread '" + thread.getName() + "'");
    }
    throwIfForeign();
  }

  private void record(long seq) {
    if (recordedSize == recorded.length) {
      recorded = Arrays.copyOf(recorded, recordedSize * 2);
    }
    recorded[recordedSize++] = seq;
  }

  // ---- what a harness reads ----

  ActorQueue currentActor() {
    return current;
  }

  long currentEvent() {
    return currentEvent;
  }

  /** Virtual time since the run's start, in nanoseconds. */
  public long nowNanos() {
    return now;
  }

  /** Tasks run in this run. */
  public long steps() {
    return steps;
  }

  /** Messages delivered in this run; the last event id. */
  public long events() {
    return events;
  }

  /** The path of the actor whose run is in progress, or {@code harness}. */
  public String currentActorLabel() {
    return current == null ? HARNESS : current.label;
  }

  /** The submission numbers of the tasks run so far, in order (empty unless recording). */
  public long[] recordedChoices() {
    return recorded == null ? new long[0] : Arrays.copyOf(recorded, recordedSize);
  }

  /** What is still waiting: queued messages per actor, and pending timers. */
  public Pending pending() {
    List<Pending.QueuedMessages> queued = new ArrayList<>();
    for (ActorQueue q : queues) {
      if (q.hasMessages()) {
        queued.add(new Pending.QueuedMessages(q.label, q.pendingMessages()));
      }
    }
    List<Pending.PendingTimer> pendingTimers = new ArrayList<>();
    for (Timer t : timers.live()) {
      pendingTimers.add(new Pending.PendingTimer(t.dueNanos, t.owner == null ? HARNESS : t.owner.label,
          t.periodic()));
    }
    return new Pending(queued, pendingTimers);
  }

  private static final Cancellable CANCELLED = new Cancellable() {
    @Override
    public boolean cancel() {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return true;
    }
  };
}
