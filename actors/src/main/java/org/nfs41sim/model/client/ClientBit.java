package org.nfs41sim.model.client;

/**
 * The NFS4CLNT_* bits of struct nfs_client that the model keeps, in the order the state manager
 * serves them (kernel: nfs4_state_manager, 3.10).
 */
public enum ClientBit {
  /** The client id is gone: EXCHANGE_ID and CREATE_SESSION again (nfs4_reclaim_lease). */
  LEASE_EXPIRED,
  /** The session is gone: drain, DESTROY_SESSION, CREATE_SESSION (nfs4_reset_session). */
  SESSION_RESET,
  /** The server restarted: reclaim opens, locks and delegations, then RECLAIM_COMPLETE. */
  RECLAIM_REBOOT,
  /** States reboot reclaim could not reclaim: recover them with ordinary OPEN and LOCK (nfs4_do_reclaim, nograce ops). */
  RECLAIM_NOGRACE,
  /** Delegations are marked for return (nfs_client_return_marked_delegations). */
  DELEGRETURN
}
