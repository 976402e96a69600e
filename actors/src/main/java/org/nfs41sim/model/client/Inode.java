package org.nfs41sim.model.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.nfs41sim.model.facts.Observer;
import org.nfs41sim.model.locking.LockTable;
import org.nfs41sim.protocol.nfs.LockType;

/**
 * struct nfs_inode, as far as the model needs it: the delegation it points at, the open states of
 * the file, the VFS lock list (POSIX locks of this client's processes) and the rwsem.
 */
final class Inode {
  final String file;
  /** nfsi->delegation: only an attached delegation is here. */
  Delegation delegation;
  final List<OpenState> states = new ArrayList<>();
  /** inode->i_flock: owners are process names, the client id is 0. */
  final LockTable vfsLocks = new LockTable();
  final Rwsem<Runnable> rwsem;
  /**
   * Locks the server granted that could not be taken locally, because another process of this
   * client cached a conflicting lock meanwhile; they start again after a local unlock.
   */
  final List<ParkedLock> parked = new ArrayList<>();
  /** Processes reported (Holds) as holding VFS locks a parked lock waits for. */
  final Set<String> posixHolders = new TreeSet<>();

  record ParkedLock(String process, LockType type, long start, long end, ActorRef<Application.Command> replyTo) {}

  /** The VFS locks' wait point, for Holds / Waits facts. */
  String posixLocks() {
    return "posix-locks(inode " + file + ")";
  }

  Inode(String client, String file, Observer observer) {
    this.file = file;
    this.rwsem = new Rwsem<>(client, "rwsem(inode " + file + ")", observer);
  }
}
