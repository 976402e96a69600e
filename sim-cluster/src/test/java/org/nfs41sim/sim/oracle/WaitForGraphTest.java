package org.nfs41sim.sim.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nfs41sim.model.facts.ClientFact;

/** Deadlocks are cycles of Holds / Waits facts, reported with their edges. */
class WaitForGraphTest {
  private final WaitForGraph graph = new WaitForGraph();

  private void holds(String resource, String agent) {
    graph.report(new ClientFact.Holds("", resource, agent, ""));
  }

  private void waits(String resource, String agent) {
    graph.report(new ClientFact.Waits("", resource, agent, ""));
  }

  @Test
  void theRwsemAndDrainCycleOfTheLegacyReturnIsADeadlock() {
    // §1.6(b): the returner holds rwsem for write and waits for the drain; the state manager
    // drains the session and waits for rwsem in nfs4_reclaim_locks.
    holds("rwsem(inode f1)", "p2");
    holds("drain", "state-manager");
    waits("drain", "p2");
    waits("rwsem(inode f1)", "state-manager");

    assertThat(graph.describeCycle()).isEqualTo(
        "drain held by state-manager, waited for by p2; rwsem(inode f1) held by p2, waited for by state-manager");
  }

  @Test
  void waitingWithoutACycleIsNotADeadlock() {
    holds("drain", "state-manager");
    waits("drain", "p2");
    holds("rwsem(inode f1)", "p1");
    waits("rwsem(inode f1)", "p3");

    assertThat(graph.cycle()).isEmpty();
  }

  @Test
  void aReleaseOrAGrantBreaksTheCycle() {
    holds("rwsem(inode f1)", "p2");
    holds("drain", "state-manager");
    waits("drain", "p2");
    waits("rwsem(inode f1)", "state-manager");

    graph.report(new ClientFact.Released("", "drain", "state-manager"));
    holds("drain", "p2"); // p2's wait was granted

    assertThat(graph.cycle()).isEmpty();
  }

  @Test
  void aSleeperWokenByTheEndOfADrainNoLongerWaitsInTheNextDrain() {
    holds("drain", "state-manager");
    waits("drain", "p2");
    graph.report(new ClientFact.Released("", "drain", "state-manager"));
    graph.report(new ClientFact.Released("", "drain", "p2")); // woken: its wait is over
    holds("rwsem(inode f1)", "p2");
    holds("drain", "state-manager");                          // the next drain
    waits("rwsem(inode f1)", "state-manager");

    assertThat(graph.cycle()).isEmpty();
  }

  @Test
  void waitPointsOfDifferentClientsAreDifferentResources() {
    graph.report(new ClientFact.Holds("c1", "drain", "state-manager", ""));
    graph.report(new ClientFact.Waits("c2", "drain", "p1", ""));
    graph.report(new ClientFact.Holds("c2", "rwsem(inode f1)", "p1", ""));
    graph.report(new ClientFact.Waits("c1", "rwsem(inode f1)", "state-manager", ""));

    assertThat(graph.cycle()).isEmpty();
  }
}
