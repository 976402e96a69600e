package org.nfs41sim.sim.scenario;

import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nfs41sim.model.client.Application;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.config.Nfs41Config;
import org.nfs41sim.sim.oracle.Loss;
import org.nfs41sim.sim.oracle.Violation;
import org.nfs41sim.sim.random.RandomSource;
import org.nfs41sim.sim.trace.TraceWriter;
import org.nfs41sim.sim.workload.Workload;
import org.nfs41sim.sim.workload.WorkloadGenerator;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.RunSpec;

/**
 * One scenario run: the workload and fault plan are drawn from the seed's streams, the horizon is
 * fixed from them (planned length + 3 leases + a grace period per planned reboot, docs/search.md), the run goes under the
 * oracles, and what they saw comes back as a {@link Report}.
 */
public final class ScenarioRun {
  private ScenarioRun() {}

  /** What to run: a loaded scenario, a variant, a strategy and a seed. */
  public record Spec(String scenario, Nfs41Config config, ClientVariant variant, String strategy, long seed) {
    public Spec withSeed(long other) {
      return new Spec(scenario, config, variant, strategy, other);
    }

    public Spec withVariant(ClientVariant other) {
      return new Spec(scenario, config, other, strategy, seed);
    }

    public Spec withScenarioConfig(Nfs41Config other) {
      return new Spec(scenario, other, variant, strategy, seed);
    }
  }

  /**
   * What a run did and what the oracles saw: the violations, and apart from them the losses NFSv4
   * allows (docs/search.md).
   */
  public record Report(Spec spec, RunResult result, List<Violation> violations, List<Loss> losses,
      List<String> rebootsDuringReturns, List<FiredFault> faults, Duration horizon) {

    public Set<Violation.Kind> kinds() {
      Set<Violation.Kind> kinds = EnumSet.noneOf(Violation.Kind.class);
      violations.forEach(v -> kinds.add(v.kind()));
      return kinds;
    }

    public boolean clean() {
      return violations.isEmpty() && !result.failed();
    }

    /** One line: how the run ended and what it found. */
    public String outcome() {
      String end = result.failed() ? "failed: " + result.failure() : result.end().name().toLowerCase(Locale.ROOT);
      return String.format(Locale.ROOT, "seed %d %s: %s at %.3fs virtual, %d deliveries, %d reboots during a return,"
          + " %s", spec.seed(), spec.variant().name().toLowerCase(Locale.ROOT), end, result.virtualNanos() / 1e9,
          result.events(), rebootsDuringReturns.size(),
          violations.isEmpty() ? "no violation" : violations.size() + " violation(s): " + kinds().stream()
              .map(Violation.Kind::label).reduce((a, b) -> a + ", " + b).orElse(""));
    }
  }

  /** NFS4_POLL_RETRY_MAX: the longest back-off of a call retried after DELAY or GRACE (nfs4_delay). */
  private static final Duration RETRY_MAX = Duration.ofSeconds(15);

  /**
   * DESIGN.md's horizon (planned length + 3 leases), plus one grace period for every planned
   * reboot (during a grace nothing new is granted, so each one delays the workload's end), plus
   * the length of every planned cut and a lease for each partition (the client's lease expires,
   * then it recovers), plus nfs4_delay's longest back-off for every call of the longest process: a
   * call that met DELAY or GRACE for a while sleeps up to that long more before it tries again,
   * so a healthy run can end that much later.
   */
  static Duration horizon(Nfs41Config config, Workload workload, FaultPlan plan) {
    long calls = workload.clients().stream().flatMap(c -> c.processes().stream())
        .mapToLong(p -> p.steps().stream().filter(s -> !(s instanceof Application.Pause)).count()).max().orElse(0);
    return workload.plannedLength().plus(config.server().leaseTime().multipliedBy(3 + plan.partitions().size()))
        .plus(config.server().gracePeriod().multipliedBy(plan.reboots())).plus(plan.cutTime())
        .plus(RETRY_MAX.multipliedBy(calls));
  }

  /** The workload of a seed: the same for both variants. */
  public static Workload workload(Spec spec) {
    return WorkloadGenerator.generate(spec.config().workload(), RandomSource.stream(spec.seed(), "workload"));
  }

  /**
   * Runs {@code spec} in {@code system}.
   *
   * @param trace where to write the run's trace (docs/trace-format.md), or null
   * @param record whether to record the scheduling choices (for a schedule file)
   * @param replay choices to follow instead of drawing, or null
   */
  public static Report run(DeterministicSystem system, Spec spec, OutputStream trace, boolean record,
      long[] replay) {
    Nfs41Config config = spec.config();
    Workload workload = workload(spec);
    FaultPlan plan = FaultPlan.draw(config.faults(), workload.plannedLength(),
        workload.clients().stream().map(Workload.Client::name).toList(), spec.seed());
    Duration horizon = horizon(config, workload, plan);
    RunSpec runSpec = RunSpec.from(config).withSeed(spec.seed()).withStrategy(spec.strategy()).withHorizon(horizon);
    if (record) {
      runSpec = runSpec.recording();
    }
    if (replay != null) {
      runSpec = runSpec.replaying(replay);
    }
    TraceWriter text = trace == null ? null : new TraceWriter(trace, spec.scenario(),
        spec.variant().name().toLowerCase(Locale.ROOT), spec.seed(), spec.strategy());
    NfsScenario scenario = new NfsScenario(config, spec.variant(), workload, plan, text);
    RunResult result = system.run(runSpec, scenario, scenario);
    List<Violation> violations = scenario.oracles().finish(result.end(), result.virtualNanos());
    Report report = new Report(spec, result, violations, scenario.oracles().losses(),
        scenario.oracles().returns().rebootsDuringReturns(),
        scenario.injector().fired(), horizon);
    if (text != null) {
      violations.forEach(text::violation);
      text.end(report.outcome(), result.digest());
    }
    return report;
  }
}
