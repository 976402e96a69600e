package org.nfs41sim.model.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.Rwsem.Mode;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;

/** The inode's rwsem: shared readers, exclusive writers, sleepers woken in arrival order. */
class RwsemTest {
  private final List<Fact> facts = new ArrayList<>();
  private final Rwsem<String> rwsem = new Rwsem<>("c1", "rwsem(inode f1)", facts::add);

  @Test
  void readersShareAndAWriterWaitsForAllOfThem() {
    boolean p1 = rwsem.acquire("p1", Mode.READ, "p1");
    boolean p2 = rwsem.acquire("p2", Mode.READ, "p2");
    boolean manager = rwsem.acquire("state-manager", Mode.WRITE, "state-manager");

    List<Rwsem.Waiter<String>> afterP1 = rwsem.release("p1");
    List<Rwsem.Waiter<String>> afterP2 = rwsem.release("p2");

    assertThat(p1).isTrue();
    assertThat(p2).isTrue();
    assertThat(manager).isFalse();
    assertThat(afterP1).isEmpty();
    assertThat(afterP2).extracting(Rwsem.Waiter::agent).containsExactly("state-manager");
    assertThat(rwsem.holders()).containsOnlyKeys("state-manager");
  }

  @Test
  void aWaitingWriterHoldsBackLaterReaders() {
    rwsem.acquire("p1", Mode.READ, "p1");
    rwsem.acquire("state-manager", Mode.WRITE, "state-manager");

    boolean lateReader = rwsem.acquire("p2", Mode.READ, "p2");

    assertThat(lateReader).isFalse(); // it would starve the writer otherwise
    assertThat(rwsem.waiters()).extracting(Rwsem.Waiter::agent).containsExactly("state-manager", "p2");
  }

  @Test
  void aWritersReleaseWakesTheRunOfReadersBehindIt() {
    rwsem.acquire("returner", Mode.WRITE, "returner");
    rwsem.acquire("p1", Mode.READ, "p1");
    rwsem.acquire("p2", Mode.READ, "p2");
    rwsem.acquire("state-manager", Mode.WRITE, "state-manager");
    rwsem.acquire("p3", Mode.READ, "p3");

    List<Rwsem.Waiter<String>> woken = rwsem.release("returner");

    assertThat(woken).extracting(Rwsem.Waiter::agent).containsExactly("p1", "p2");
    assertThat(rwsem.waiters()).extracting(Rwsem.Waiter::agent).containsExactly("state-manager", "p3");
  }

  @Test
  void everyHoldWaitAndReleaseIsAFact() {
    rwsem.acquire("returner", Mode.WRITE, "returner");
    rwsem.acquire("state-manager", Mode.WRITE, "state-manager");
    rwsem.release("returner");

    assertThat(facts).containsExactly(
        new ClientFact.Holds("c1", "rwsem(inode f1)", "returner", "WRITE"),
        new ClientFact.Waits("c1", "rwsem(inode f1)", "state-manager", "WRITE"),
        new ClientFact.Released("c1", "rwsem(inode f1)", "returner"),
        new ClientFact.Holds("c1", "rwsem(inode f1)", "state-manager", "WRITE"));
  }

  @Test
  void releasingWhatIsNotHeldOrTakingItTwiceIsABugInTheModel() {
    rwsem.acquire("p1", Mode.READ, "p1");

    assertThatThrownBy(() -> rwsem.release("p2")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> rwsem.acquire("p1", Mode.READ, "p1")).isInstanceOf(IllegalStateException.class);
  }
}
