package org.nfs41sim.model.client;

import java.util.Map;
import java.util.TreeMap;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * struct nfs4_state: one open owner's open of one file. {@code delegated} is
 * NFS_DELEGATED_STATE (the open, and its locks, exist only under the delegation); {@code
 * openStateId} is the stateid the server gave, if it knows the open.
 */
final class OpenState {
  final StateOwner owner;
  final Inode inode;
  boolean delegated;
  StateId openStateId;
  ShareAccess access;
  int opens;
  /** NFS_STATE_RECLAIM_REBOOT: reboot recovery must reclaim it. */
  boolean reclaimReboot;
  /** NFS_STATE_RECLAIM_NOGRACE: reclaim failed; recover it with ordinary OPEN and LOCK. */
  boolean reclaimNograce;
  /** Lock owners (processes) of this open: NFS_LOCK_INITIALIZED and the lock stateid. */
  final Map<String, LockOwnerState> lockOwners = new TreeMap<>();

  OpenState(StateOwner owner, Inode inode, ShareAccess access) {
    this.owner = owner;
    this.inode = inode;
    this.access = access;
  }

  /**
   * Takes a stateid the server gave for this open, unless it is an older version of the one held:
   * replies can arrive out of order (later kernels' nfs_need_update_open_stateid; 3.10 copied
   * blindly, an OLD_STATEID race outside this model's subject, docs/model.md).
   */
  void updateOpenStateId(StateId given) {
    if (openStateId == null || !openStateId.sameState(given) || given.seqid() > openStateId.seqid()) {
      openStateId = given;
    }
  }

  /** struct nfs4_lock_state. */
  static final class LockOwnerState {
    /** NFS_LOCK_INITIALIZED: the server knows this lock owner. */
    boolean initialized;
    StateId stateId;
  }
}
