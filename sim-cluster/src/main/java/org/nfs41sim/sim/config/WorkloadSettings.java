package org.nfs41sim.sim.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code nfs41sim.workload}: the shape of a scenario's generated workload (what each process does
 * is drawn from the run's workload stream; see {@code sim.workload.WorkloadGenerator}).
 *
 * @param weights the relative weight of each section kind, by {@link #SECTION_KINDS} name
 */
public record WorkloadSettings(int clients, int processesPerClient, int files, int sections,
    int locksPerSection, Duration thinkTime, long lockSpan, long lockGranule, Map<String, Double> weights) {

  /** The kinds of section, in the order of {@code weights}. */
  public static final java.util.List<String> SECTION_KINDS = java.util.List.of("write", "read", "chmod", "unlink", "upgrade",
      "contend");

  public static WorkloadSettings from(Config config) {
    SettingsReader w = SettingsReader.at(config, "nfs41sim.workload");
    long granule = w.longAtLeast("lock-granule", 1);
    long span = w.longAtLeast("lock-span", 1);
    if (span < granule) {
      throw w.invalid("lock-span", "must be at least lock-granule (" + granule + ")");
    }
    SettingsReader weightsReader = w.child("weights");
    Map<String, Double> weights = new LinkedHashMap<>();
    double total = 0;
    for (String kind : SECTION_KINDS) {
      double weight = weightsReader.nonNegativeNumber(kind);
      weights.put(kind, weight);
      total += weight;
    }
    if (total == 0) {
      throw weightsReader.invalid("write", "and the other weights are all 0: no section could be drawn");
    }
    return new WorkloadSettings(w.intAtLeast("clients", 1), w.intAtLeast("processes-per-client", 1),
        w.intAtLeast("files", 1), w.intAtLeast("sections", 1), w.intAtLeast("locks-per-section", 1),
        w.positiveDuration("think-time"), span, granule, java.util.Collections.unmodifiableMap(weights));
  }
}
