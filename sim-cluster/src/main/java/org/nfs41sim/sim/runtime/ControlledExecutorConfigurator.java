package org.nfs41sim.sim.runtime;

import com.typesafe.config.Config;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * {@code pekko.actor.default-dispatcher.executor} in deterministic mode: an executor that runs
 * nothing by itself and hands every task to the system's driver.
 */
public final class ControlledExecutorConfigurator extends ExecutorServiceConfigurator {
  private final Driver driver;

  public ControlledExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    if (!(prerequisites.scheduler() instanceof VirtualTimeScheduler scheduler)) {
      throw new IllegalStateException("the controlled executor needs pekko.scheduler.implementation = "
          + VirtualTimeScheduler.class.getName());
    }
    this.driver = scheduler.driver();
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    return () -> new ControlledExecutor(driver);
  }

  private static final class ControlledExecutor extends AbstractExecutorService {
    private final Driver driver;
    private volatile boolean shutdown;

    ControlledExecutor(Driver driver) {
      this.driver = driver;
    }

    @Override
    public void execute(Runnable command) {
      driver.submit(command);
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }
  }
}
