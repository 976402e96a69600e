package org.nfs41sim.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** so_reclaim_seqcount tells a reader whether recovery ran on its state owner meanwhile. */
class SeqCountTest {
  private final SeqCount seq = new SeqCount();

  @Test
  void aReadAcrossNoRecoveryNeedsNoRetry() {
    int start = seq.begin();

    assertThat(seq.retry(start)).isFalse();
  }

  @Test
  void aRecoveryThatRanMeanwhileForcesARetry() {
    int start = seq.begin();
    seq.writeBegin();
    seq.writeEnd();

    assertThat(seq.retry(start)).isTrue();
  }

  @Test
  void aReadThatBeganDuringRecoveryRetriesEvenIfRecoveryIsStillRunning() {
    seq.writeBegin();
    int start = seq.begin();

    assertThat(seq.retry(start)).isTrue();
    seq.writeEnd();
    assertThat(seq.retry(start)).isTrue();
  }
}
