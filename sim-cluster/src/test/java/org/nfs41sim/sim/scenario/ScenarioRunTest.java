package org.nfs41sim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.trace.Trace;
import org.nfs41sim.sim.trace.TraceReader;
import org.nfs41sim.sim.world.DeterministicSystem;

/** Scenario runs are functions of their inputs, and the variant changes only the client's code. */
class ScenarioRunTest {
  private static final ScenarioRun.Spec LEGACY = new ScenarioRun.Spec("deleg-return-reboot",
      ScenarioFiles.load("deleg-return-reboot", List.of()), ClientVariant.LEGACY, "random", 242);

  private static ScenarioRun.Report once(ScenarioRun.Spec spec) {
    try (DeterministicSystem system = DeterministicSystem.create("once")) {
      return ScenarioRun.run(system, spec, null, false, null);
    }
  }

  @Test
  void bothVariantsOfASeedGetTheSameWorkloadAndFaultPlan() {
    ScenarioRun.Spec fixed = LEGACY.withVariant(ClientVariant.FIXED);

    assertThat(ScenarioRun.workload(fixed)).isEqualTo(ScenarioRun.workload(LEGACY));
    assertThat(ScenarioRun.workload(LEGACY.withSeed(31))).isNotEqualTo(ScenarioRun.workload(LEGACY));
    assertThat(FaultPlan.draw(fixed.config().faults(), ScenarioRun.workload(fixed).plannedLength(),
        List.of("c1", "c2", "c3"), 30)).isEqualTo(FaultPlan.draw(LEGACY.config().faults(),
        ScenarioRun.workload(LEGACY).plannedLength(), List.of("c1", "c2", "c3"), 30));
  }

  @Test
  void aViolatingSeedReplaysToTheSameDigestAndViolationsInFreshAndReusedSystems() {
    ScenarioRun.Report first = once(LEGACY);
    ScenarioRun.Report again;
    ScenarioRun.Report reused;
    try (DeterministicSystem system = DeterministicSystem.create("reused")) {
      ScenarioRun.run(system, LEGACY.withSeed(7), null, false, null);
      again = ScenarioRun.run(system, LEGACY, null, false, null);
      reused = ScenarioRun.run(system, LEGACY, null, false, null);
    }

    assertThat(first.violations()).isNotEmpty();
    assertThat(again.result().digest()).isEqualTo(first.result().digest());
    assertThat(reused.result().digest()).isEqualTo(first.result().digest());
    assertThat(reused.violations()).isEqualTo(first.violations());
  }

  @Test
  void recordingATraceDoesNotChangeTheRunAndKeepsEveryDelivery() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ScenarioRun.Report plain = once(LEGACY);
    ScenarioRun.Report traced;
    try (DeterministicSystem system = DeterministicSystem.create("traced")) {
      traced = ScenarioRun.run(system, LEGACY, bytes, false, null);
    }
    Trace trace = TraceReader.read(bytes.toByteArray(), "trace");

    assertThat(traced.result().digest()).isEqualTo(plain.result().digest());
    assertThat(trace.events()).hasSize((int) traced.result().events());
    assertThat(trace.events().get(trace.events().size() - 1).id()).isEqualTo(traced.result().events());
    assertThat(trace.markers()).anyMatch(m -> m.kind().equals("REBOOT") && m.detail().contains("epoch 2"));
    assertThat(trace.markers()).anyMatch(m -> m.kind().equals("VIOLATION") && m.detail().startsWith("deadlock"));
    assertThat(trace.outcome()).startsWith("seed 242 legacy");
    assertThat(trace.digest()).isEqualTo(plain.result().digest());
    assertThat(trace.skippedBytes()).isZero();
  }

  @Test
  void aRecordedScheduleReplaysTheSameRunStepByStep() {
    ScenarioRun.Report recorded;
    ScenarioRun.Report replayed;
    try (DeterministicSystem system = DeterministicSystem.create("schedule")) {
      recorded = ScenarioRun.run(system, LEGACY, null, true, null);
      replayed = ScenarioRun.run(system, LEGACY, null, false, recorded.result().choices());
    }

    assertThat(recorded.result().choices()).isNotEmpty();
    assertThat(replayed.result().failed()).isFalse();
    assertThat(replayed.result().digest()).isEqualTo(recorded.result().digest());
  }

  @Test
  void theFixedClientGetsTheTargetedRebootDuringItsReturnsToo() {
    ScenarioRun.Report legacy = once(LEGACY);
    ScenarioRun.Report fixed = once(LEGACY.withVariant(ClientVariant.FIXED));

    assertThat(legacy.faults()).anyMatch(f -> f.kind() == FaultKind.TARGETED_REBOOT);
    assertThat(fixed.faults()).anyMatch(f -> f.kind() == FaultKind.TARGETED_REBOOT);
    assertThat(fixed.rebootsDuringReturns()).isNotEmpty();
    assertThat(fixed.violations()).isEmpty();
  }
}
