package org.nfs41sim.model.client;

import java.util.Map;
import java.util.TreeMap;
import org.nfs41sim.protocol.nfs.ShareAccess;
import org.nfs41sim.protocol.nfs.StateId;

/**
 * struct nfs4_state: one open owner's open of one file. {@code delegated} is
 * NFS_DELEGATED_STATE; {@code stateId} is state->stateid (the delegation's stateid while the open
 * is cached under it, else the open stateid); {@code openStateId} is state->open_stateid, the
 * stateid the server gave, if it knows the open.
 */
final class OpenState {
  final StateOwner owner;
  final Inode inode;
  boolean delegated;
  StateId stateId;
  StateId openStateId;
  ShareAccess access;
  int opens;
  /** NFS_STATE_RECLAIM_REBOOT: reboot recovery must reclaim it. */
  boolean reclaimReboot;
  /** NFS_STATE_RECLAIM_NOGRACE: reclaim failed; recover it with ordinary OPEN and LOCK. */
  boolean reclaimNograce;
  /** A delegation return holds a reference to its open context while it claims it. */
  boolean claiming;
  /** The process closed it while it was being claimed: nfs4_close_state runs when the claim lets go. */
  boolean closeDeferred;
  /**
   * Its last open was closed and the CLOSE is on its way: the state lives on until the CLOSE is
   * answered, recovery may still reclaim it, and the CLOSE carries state->open_stateid as it is
   * when the CLOSE is encoded (nfs4_do_close points at it).
   */
  boolean closing;
  /** Lock owners (processes) of this open: NFS_LOCK_INITIALIZED and the lock stateid. */
  final Map<String, LockOwnerState> lockOwners = new TreeMap<>();

  OpenState(StateOwner owner, Inode inode, ShareAccess access) {
    this.owner = owner;
    this.inode = inode;
    this.access = access;
  }

  /**
   * __update_open_stateid for an open stateid the server gave (nfs_set_open_stateid_locked):
   * state->open_stateid always, state->stateid unless the open is delegated. An older version of
   * the one held is not taken: replies can arrive out of order (later kernels'
   * nfs_need_update_open_stateid; 3.10 copied blindly, docs/model.md).
   */
  void updateOpenStateId(StateId given) {
    if (openStateId == null || !openStateId.sameState(given) || given.seqid() > openStateId.seqid()) {
      openStateId = given;
    }
    if (!delegated) {
      stateId = openStateId;
    }
  }

  /** __update_open_stateid with a delegation stateid: the open is cached under it. */
  void cacheUnder(StateId delegation) {
    delegated = true;
    stateId = delegation;
  }

  /** struct nfs4_lock_state. */
  static final class LockOwnerState {
    /** NFS_LOCK_INITIALIZED: the server knows this lock owner. */
    boolean initialized;
    StateId stateId;
  }
}
