package org.nfs41sim.model.client;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which kernel the client runs, as a list of {@link KernelChange}s over the seed's parent. The
 * parent is read at v3.6 in every function the model covers, except where the series before the
 * seed had already changed it (so_reclaim_seqcount and 9a99af494bd7's lock path, STALE_CLIENTID
 * starting reboot recovery); docs/model.md gives the list and the sources.
 */
public enum ClientVariant {
  /** The seed's parent: detach first, rwsem held for write across the claim, give up on an error. */
  LEGACY(EnumSet.noneOf(KernelChange.class)),
  /** The parent plus d25be546a86f alone. */
  SEED(EnumSet.of(KernelChange.RETURN_WHILE_ATTACHED)),
  /**
   * 3.10.y: the seed with the follow-ups of its series and the 3.10.y recall error handler, plus
   * the two later commits that close races 3.10.y still has (11476e9dec39, 5eb8d18ca0e0).
   */
  FIXED(EnumSet.allOf(KernelChange.class));

  private final EnumSet<KernelChange> changes;

  ClientVariant(EnumSet<KernelChange> changes) {
    this.changes = changes;
  }

  /** Whether this variant contains {@code change}. */
  public boolean has(KernelChange change) {
    return changes.contains(change);
  }

  /** The changes this variant contains, in their order. */
  public Set<KernelChange> changes() {
    return EnumSet.copyOf(changes);
  }

  /** The name commands and reports use: legacy, seed, fixed. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
