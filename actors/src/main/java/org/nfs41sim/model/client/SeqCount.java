package org.nfs41sim.model.client;

/**
 * {@code so_reclaim_seqcount} (kernel: seqcount_t): the state manager write-holds it for the
 * whole of nfs4_reclaim_open_state; a lock or claim path snapshots it before an RPC and re-checks
 * it afterwards, and a change means recovery ran on the state owner in the meantime.
 */
public final class SeqCount {
  private int sequence;

  /** raw_seqcount_begin: the count with the writer bit cleared, so a write in progress shows as a change. */
  public int begin() {
    return sequence & ~1;
  }

  /** read_seqcount_retry: whether a writer began or ended since {@code start}. */
  public boolean retry(int start) {
    return sequence != start;
  }

  /** write_seqcount_begin. */
  public void writeBegin() {
    if (writing()) {
      throw new IllegalStateException("seqcount write-held twice");
    }
    sequence++;
  }

  /** write_seqcount_end. */
  public void writeEnd() {
    if (!writing()) {
      throw new IllegalStateException("seqcount released without a writer");
    }
    sequence++;
  }

  public boolean writing() {
    return (sequence & 1) != 0;
  }
}
