package org.nfs41sim.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;

/** While the session drains, ordinary RPCs sleep and privileged ones pass (§1.5 of the notes). */
class SessionDrainTest {
  private final List<Fact> facts = new ArrayList<>();
  private final SessionDrain<String> drain = new SessionDrain<>("c1", facts::add);

  @Test
  void withoutADrainEverySendGoes() {
    assertThat(drain.admit("p1", false, "LOCK")).isTrue();
  }

  @Test
  void duringADrainOrdinarySendsSleepAndPrivilegedOnesGo() {
    drain.begin("state-manager");

    boolean claimLock = drain.admit("p2", false, "LOCK (delegation claim, NFS_LOCK_NEW)");
    boolean reclaimOpen = drain.admit("state-manager", true, "OPEN CLAIM_PREVIOUS");
    boolean renew = drain.admit("renewd", false, "SEQUENCE");

    assertThat(claimLock).isFalse();
    assertThat(reclaimOpen).isTrue();
    assertThat(renew).isFalse();
    assertThat(drain.sleepers()).containsExactly("p2", "renewd");
  }

  @Test
  void theEndOfTheDrainWakesTheSleepersInOrderAndEndsTheirWaits() {
    drain.begin("state-manager");
    drain.admit("p2", false, "LOCK");
    drain.admit("renewd", false, "SEQUENCE");

    List<String> woken = drain.end();

    assertThat(woken).containsExactly("LOCK", "SEQUENCE");
    assertThat(drain.draining()).isFalse();
    assertThat(facts).containsExactly(
        new ClientFact.Holds("c1", "drain", "state-manager", "draining"),
        new ClientFact.Waits("c1", "drain", "p2", "ordinary RPC"),
        new ClientFact.Waits("c1", "drain", "renewd", "ordinary RPC"),
        new ClientFact.Released("c1", "drain", "state-manager"),
        new ClientFact.Released("c1", "drain", "p2"),
        new ClientFact.Released("c1", "drain", "renewd"));
  }
}
