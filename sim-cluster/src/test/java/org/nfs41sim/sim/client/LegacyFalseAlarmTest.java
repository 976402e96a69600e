package org.nfs41sim.sim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nfs41sim.model.client.Application;
import org.nfs41sim.model.client.ClientSettings;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.model.client.NfsClient;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.LockType;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.sim.config.ConfigLoader;
import org.nfs41sim.sim.oracle.Violation;
import org.nfs41sim.sim.runtime.RunEnd;
import org.nfs41sim.sim.scenario.ScenarioFiles;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.trace.Trace;
import org.nfs41sim.sim.trace.TraceExports;
import org.nfs41sim.sim.trace.TraceReader;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.nfs41sim.sim.world.RunResult;
import org.nfs41sim.sim.world.Scenario;
import org.nfs41sim.sim.world.Specs;
import org.nfs41sim.sim.world.World;

/**
 * Legacy seed 99 of deleg-return-reboot once reported a lock-safety violation the kernel cannot
 * produce: a synchronous return that failed made the model fail the process's open(2), and the
 * process then took a write lock through its older read-only descriptor. In v3.6 the return's
 * caller (nfs4_return_incompatible_delegation) returns nothing, so the OPEN goes out whatever the
 * return did; and a write lock through a descriptor not open for writing is EBADF in
 * nfs4_proc_lock, before anything reaches the server.
 */
class LegacyFalseAlarmTest {

  @Test
  void legacySeed99SendsTheOpenAfterItsFailedReturnAndOnlyLosesLocksToTheRebootDuringAReturn()
      throws java.io.IOException {
    ScenarioRun.Spec spec = new ScenarioRun.Spec("deleg-return-reboot",
        ScenarioFiles.load("deleg-return-reboot", List.of()), ClientVariant.LEGACY, "random", 99);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ScenarioRun.Report report;
    try (DeterministicSystem system = DeterministicSystem.create("false-alarm")) {
      report = ScenarioRun.run(system, spec, bytes, false, null);
    }
    Trace trace = TraceReader.read(bytes.toByteArray(), "seed 99");
    java.io.StringWriter text = new java.io.StringWriter();
    TraceExports.text(trace, text);
    List<String> lines = text.toString().lines().toList();

    // c1-p1's open for write returns c1's READ delegation first; the return meets the reboot's
    // BADSESSION and gives up (EIO), and c1-p1's OPEN is sent and granted all the same.
    int failedReturn = indexOf(lines, 0, "return of delegation 1 on f1 by c1-p1 ended: EIO");
    assertThat(failedReturn).isNotNegative();
    assertThat(indexOf(lines, failedReturn, "OPEN CLAIM_NULL f1 BOTH c1-p1 -> OK")).isGreaterThan(failedReturn);
    // What lock-safety remains is a lock cached under a delegation whose return a reboot
    // interrupted (§1.6(a), the bug d25be546a86f fixed): c3's, whose return of f1 met the reboot.
    List<Violation> unsafe = report.violations().stream()
        .filter(v -> v.kind() == Violation.Kind.LOCK_SAFETY).toList();
    assertThat(report.rebootsDuringReturns()).anyMatch(r -> r.contains("during the return of f1 by c3"));
    assertThat(unsafe).isNotEmpty()
        .allSatisfy(v -> assertThat(v.description()).startsWith("f1: c3-p2@c3 READ_LT [80,110) still held"));
  }

  private static int indexOf(List<String> lines, int from, String text) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  @ParameterizedTest
  @EnumSource(ClientVariant.class)
  void aWriteLockThroughADescriptorOpenOnlyForReadingIsEbadfAndNeverReachesTheServer(ClientVariant variant) {
    List<Fact> facts = new ArrayList<>();
    List<NfsRequest.Lock> locksAtServer = new ArrayList<>();
    Scenario scenario = new Scenario() {
      @Override
      public void build(World world) {
        ActorRef<Server.Command> server = world.host("server").spawn(
            Server.create(ConfigLoader.loadDefaults().server().settings(List.of("f1")), facts::add), "nfsd");
        var host = world.host("c1");
        ActorRef<NfsClient.Command> nfs = host.spawn(NfsClient.create(
            new ClientSettings("c1", variant, Duration.ofMillis(6667)), host.linkTo(server), facts::add), "nfs");
        host.spawn(Application.create("c1", "p1", nfs, List.of(
            new Application.Open("f1", ShareAccess.READ),
            new Application.Lock("f1", LockType.WRITE_LT, 0, 10),
            new Application.Lock("f1", LockType.READ_LT, 0, 10)), facts::add), "p1");
      }
    };
    try (DeterministicSystem system = DeterministicSystem.create("ebadf")) {
      RunResult result = system.run(Specs.with(), scenario, (e, t, s, r, c, m) -> {
        if (m instanceof Server.Call call && call.request() instanceof NfsRequest.Lock lock) {
          locksAtServer.add(lock);
        }
      });
      assertThat(result.end()).isEqualTo(RunEnd.COMPLETED);
    }

    assertThat(facts.stream().filter(ClientFact.OpReturned.class::isInstance).map(ClientFact.OpReturned.class::cast)
        .map(o -> o.op() + "=" + o.result()))
        .containsExactly("open(READ)=0", "lock(WRITE_LT 0+10)=EBADF", "lock(READ_LT 0+10)=0");
    // The read lock is cached under the READ delegation nfsd granted: no LOCK at all.
    assertThat(locksAtServer).isEmpty();
  }
}
