package org.nfs41sim.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.nfs41sim.sim.world.DeterministicSystem;

/**
 * Runs a range of seeds on several threads, each with its own deterministic actor system reused
 * from run to run (a run in a reused system is the run of a fresh one), and hands back the
 * reports in seed order. With {@code stopOnViolation}, seeds above the lowest violating one are
 * not started, and the reports end at it.
 */
public final class Explorer {
  private Explorer() {}

  /** Progress: runs finished so far, and how many of those had a violation. */
  public record Progress(int done, int violating) {}

  public static List<ScenarioRun.Report> explore(ScenarioRun.Spec base, long first, long last, int threads,
      boolean stopOnViolation, Consumer<Progress> progress) {
    int count = Math.toIntExact(last - first + 1);
    threads = Math.max(1, Math.min(threads, count));
    ScenarioRun.Report[] reports = new ScenarioRun.Report[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger violating = new AtomicInteger();
    AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "explore");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        workers.add(pool.submit(() -> {
          try (DeterministicSystem system = DeterministicSystem.create("explore")) {
            int i;
            while ((i = next.getAndIncrement()) < count) {
              long seed = first + i;
              if (seed > stopAt.get()) {
                continue;
              }
              ScenarioRun.Report report = ScenarioRun.run(system, base.withSeed(seed), null, false, null);
              reports[i] = report;
              if (!report.clean()) {
                violating.incrementAndGet();
                if (stopOnViolation) {
                  stopAt.accumulateAndGet(seed, Math::min);
                }
              }
              synchronized (progress) {
                progress.accept(new Progress(done.incrementAndGet(), violating.get()));
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<ScenarioRun.Report> ordered = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (reports[i] != null && first + i <= stopAt.get()) {
        ordered.add(reports[i]);
      }
    }
    return ordered;
  }
}
