package org.nfs41sim.model.facts;

import org.nfs41sim.protocol.nfs.LockType;

/**
 * What the client model reports: application calls and the locks they believe they hold, and the
 * state of the kernel's wait points (DESIGN.md, "Facts"). {@code client} names the client host.
 */
public sealed interface ClientFact extends Fact {
  String client();

  /** An application call began (open, lock, unlock, close, chmod, unlink). */
  record OpStarted(String client, String process, String op, String file) implements ClientFact {}

  /** An application call returned {@code result} (0, or a negative errno name such as EAGAIN). */
  record OpReturned(String client, String process, String op, String file, String result)
      implements ClientFact {}

  /** A lock call returned OK: from now on the process believes it holds the range. */
  record LockHeld(String client, String process, String file, LockType type, long offset, long length)
      implements ClientFact {}

  /** The process is about to unlock: from now on it no longer relies on the range. */
  record LockReleasing(String client, String process, String file, long offset, long length)
      implements ClientFact {}

  /**
   * A wait point of the kernel: {@code resource} names it (for example {@code rwsem(inode f1)},
   * {@code drain}, {@code MANAGER_RUNNING}); {@code agent} is the sleeping context (a process,
   * the state manager, renewd). {@code detail} says in what mode, for reports.
   */
  record Holds(String client, String resource, String agent, String detail) implements ClientFact {}

  record Waits(String client, String resource, String agent, String detail) implements ClientFact {}

  /**
   * A delegation changed: where it stands now and its flags (struct nfs_delegation).
   * {@code delegation} is the client's own name for it, kept when a reclaim changes its stateid.
   */
  record DelegationChanged(String client, String file, long delegation,
      org.nfs41sim.protocol.nfs.StateId stateId, String state, java.util.List<String> flags)
      implements ClientFact {}

  /**
   * A delegation return ended in {@code agent}'s context: "0" when it ran to its end (DELEGRETURN
   * answered, or nothing left to return), else the error it ended with (a give-up or an abort).
   */
  record ReturnEnded(String client, String file, long delegation, String agent, String result)
      implements ClientFact {}

  /** An NFS4CLNT_* bit of the client was set or cleared. */
  record BitChanged(String client, String bit, boolean set) implements ClientFact {}

  /** The agent no longer holds the resource, or no longer waits for it (woken). */
  record Released(String client, String resource, String agent) implements ClientFact {}
}
