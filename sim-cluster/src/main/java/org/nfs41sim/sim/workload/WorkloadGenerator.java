package org.nfs41sim.sim.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nfs41sim.model.client.Application;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.sim.config.WorkloadSettings;
import org.nfs41sim.sim.random.RandomSource;

/**
 * Draws a workload: every process runs its sections one after another; each section opens one of
 * the shared files (with O_CREAT, so an unlinked file comes back), takes locks on ranges drawn
 * from a small span (so that processes of other clients overlap), holds them, unlocks and closes.
 * Think time comes before every step. The §1.6 setup arises by itself: the first opener of a file
 * gets a WRITE delegation and caches its opens and locks; opens of other clients recall it; chmod,
 * unlink and the upgrade of a read open return a delegation synchronously.
 */
public final class WorkloadGenerator {
  private final WorkloadSettings settings;
  private final RandomSource random;
  private final List<String> files = new ArrayList<>();

  private WorkloadGenerator(WorkloadSettings settings, RandomSource random) {
    this.settings = settings;
    this.random = random;
    for (int f = 1; f <= settings.files(); f++) {
      files.add("f" + f);
    }
  }

  /** The workload of one run, drawn from {@code random} (the run's workload stream). */
  public static Workload generate(WorkloadSettings settings, RandomSource random) {
    return new WorkloadGenerator(settings, random).generate();
  }

  private Workload generate() {
    List<Workload.Client> clients = new ArrayList<>();
    Duration longest = Duration.ZERO;
    for (int c = 1; c <= settings.clients(); c++) {
      String client = "c" + c;
      List<Workload.Process> processes = new ArrayList<>();
      for (int p = 1; p <= settings.processesPerClient(); p++) {
        List<Application.Step> steps = new ArrayList<>();
        for (int s = 0; s < settings.sections(); s++) {
          section(steps, files.get((c - 1) % files.size()));
        }
        processes.add(new Workload.Process(client + "-p" + p, List.copyOf(steps)));
        Duration planned = steps.stream().filter(Application.Pause.class::isInstance)
            .map(step -> ((Application.Pause) step).duration()).reduce(Duration.ZERO, Duration::plus);
        longest = planned.compareTo(longest) > 0 ? planned : longest;
      }
      clients.add(new Workload.Client(client, List.copyOf(processes)));
    }
    return new Workload(List.copyOf(clients), List.copyOf(files), longest);
  }

  /** One section; a {@code contend} section works on {@code home}, the file its client's processes share. */
  private void section(List<Application.Step> steps, String home) {
    String kind = kind();
    String file = files.get(random.nextInt(files.size()));
    boolean contend = kind.equals("contend");
    if (contend) {
      file = home;
    }
    boolean read = kind.equals("read") || kind.equals("upgrade");
    think(steps, new Application.Open(file, read ? ShareAccess.READ : ShareAccess.BOTH, true));
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i < settings.locksPerSection(); i++) {
      long[] range = contend ? narrowRange() : range();
      ranges.add(range);
      think(steps, new Application.Lock(file, read ? LockType.READ_LT : LockType.WRITE_LT, range[0], range[1]));
    }
    switch (kind) {
      case "chmod" -> think(steps, new Application.Chmod(file));
      case "unlink" -> think(steps, new Application.Unlink(file));
      case "upgrade" -> {
        // An open for write under a READ delegation returns it first (nfs4_return_incompatible_delegation).
        think(steps, new Application.Open(file, ShareAccess.BOTH, true));
        long[] range = range();
        ranges.add(range);
        think(steps, new Application.Lock(file, LockType.WRITE_LT, range[0], range[1]));
      }
      default -> { }
    }
    for (long[] range : ranges) {
      think(steps, new Application.Unlock(file, range[0], range[1]));
    }
    think(steps, new Application.Close(file));
    if (kind.equals("upgrade")) {
      think(steps, new Application.Close(file));
    }
  }

  private void think(List<Application.Step> steps, Application.Step step) {
    steps.add(new Application.Pause(random.exponential(settings.thinkTime())));
    steps.add(step);
  }

  private String kind() {
    double total = 0;
    for (String kind : WorkloadSettings.SECTION_KINDS) {
      total += settings.weights().get(kind); // in a fixed order: the same bits on every JVM
    }
    double x = random.nextDouble() * total;
    String last = null;
    for (String kind : WorkloadSettings.SECTION_KINDS) {
      double w = settings.weights().get(kind);
      if (w > 0) {
        last = kind;
        if (x < w) {
          return kind;
        }
        x -= w;
      }
    }
    return last;
  }

  /** {offset, length}: one or two granules from the first two: the client's processes meet there. */
  private long[] narrowRange() {
    long offset = random.nextLong(0, 2) * settings.lockGranule();
    return new long[] {offset, (1 + random.nextInt(2)) * settings.lockGranule()};
  }

  /** {offset, length}: a granule-aligned start below the span, 1 to 3 granules long. */
  private long[] range() {
    long granules = Math.max(1, settings.lockSpan() / settings.lockGranule());
    long offset = random.nextLong(0, granules) * settings.lockGranule();
    long length = (1 + random.nextInt(3)) * settings.lockGranule();
    return new long[] {offset, length};
  }

}
