package org.nfs41sim.model.client;

/**
 * Which delegation-return code the client runs. Everything else is the same in both: the parent
 * of kernel commit d25be546a86f, with 9a99af494bd7's lock path.
 */
public enum ClientVariant {
  /** Before d25be546a86f: detach first, hold rwsem for write across the claim, give up on error. */
  LEGACY,
  /**
   * d25be546a86f and "Fix up the return values of nfs4_open_delegation_recall": RETURNING while
   * attached, no rwsem across the claim, EAGAIN waits for recovery (sync) or aborts and re-queues
   * the return (async).
   */
  FIXED
}
