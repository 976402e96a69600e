package org.nfs41sim.model.client;

/**
 * The NFS4CLNT_* bits of struct nfs_client that the model keeps, in the order the state manager
 * serves them (kernel: nfs4_state_manager, from 3.8 on; v3.6 checked the lease before the session).
 */
public enum ClientBit {
  /** The client id is gone: EXCHANGE_ID and CREATE_SESSION again (nfs4_reclaim_lease). */
  LEASE_EXPIRED,
  /** The session is gone: drain, DESTROY_SESSION, CREATE_SESSION (nfs4_reset_session). */
  SESSION_RESET,
  /** The connection lost its session binding: BIND_CONN_TO_SESSION (nfs4_bind_conn_to_session). */
  BIND_CONN_TO_SESSION,
  /** Check the lease with a SEQUENCE and act on what it says (nfs4_check_lease). */
  CHECK_LEASE,
  /** The server restarted: reclaim opens, locks and delegations, then RECLAIM_COMPLETE. */
  RECLAIM_REBOOT,
  /** States reboot reclaim could not reclaim: recover them with ordinary OPEN and LOCK (nfs4_do_reclaim, nograce ops). */
  RECLAIM_NOGRACE,
  /** Delegations are marked for return (nfs_client_return_marked_delegations). */
  DELEGRETURN
}
