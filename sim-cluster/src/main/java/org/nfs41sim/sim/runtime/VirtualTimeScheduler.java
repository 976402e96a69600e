package org.nfs41sim.sim.runtime;

import com.typesafe.config.Config;
import java.io.Closeable;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.actor.AbstractScheduler;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.event.LoggingAdapter;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * {@code pekko.scheduler.implementation} in deterministic mode: Pekko's timers, {@code
 * scheduleOnce} and ask time-outs go on the driver's virtual clock. It owns the system's
 * {@link Driver}, which the controlled executor and mailboxes find through it.
 */
public final class VirtualTimeScheduler extends AbstractScheduler implements Closeable {
  private final Driver driver;

  public VirtualTimeScheduler(Config config, LoggingAdapter log, ThreadFactory threadFactory) {
    this.driver = new Driver(Thread.currentThread());
  }

  public Driver driver() {
    return driver;
  }

  @Override
  public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
    return driver.schedule(delay.toNanos(), 0, runnable, executor);
  }

  @Override
  public Cancellable schedule(FiniteDuration initialDelay, FiniteDuration interval, Runnable runnable,
      ExecutionContext executor) {
    return driver.schedule(initialDelay.toNanos(), positive(interval), runnable, executor);
  }

  // Processing takes no virtual time, so fixed delay is fixed rate; Pekko routes
  // scheduleAtFixedRate (final in its base class) to schedule(...) above.
  @Override
  public Cancellable scheduleWithFixedDelay(FiniteDuration initialDelay, FiniteDuration delay,
      Runnable runnable, ExecutionContext executor) {
    return schedule(initialDelay, delay, runnable, executor);
  }

  @Override
  public double maxFrequency() {
    return 1.0e9; // one per virtual nanosecond
  }

  @Override
  public void close() {
    // Nothing runs on its own; the driver drops its timers at the next run.
  }

  private static long positive(FiniteDuration interval) {
    long nanos = interval.toNanos();
    if (nanos <= 0) {
      throw new IllegalArgumentException("a periodic timer needs an interval > 0, got " + interval);
    }
    return nanos;
  }
}
