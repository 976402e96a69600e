package org.nfs41sim.protocol.nfs;

/**
 * A fore-channel request, one record per operation the model sends (RFC 8881 §18). Each carries
 * the client id and the session id (its SEQUENCE, §18.46), zero where the operation has none yet
 * (EXCHANGE_ID, CREATE_SESSION). Files are named by their handle, a name declared up front.
 */
public sealed interface NfsRequest {
  long clientId();

  long sessionId();

  /** The operation's name as RFC 8881 writes it, e.g. {@code OPEN}. */
  default String op() {
    return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }

  /** EXCHANGE_ID (§18.35): a client id for this client owner. */
  record ExchangeId(long clientId, long sessionId, String ownerId) implements NfsRequest {}

  /** CREATE_SESSION (§18.36): a session for the client id; the back channel travels with it. */
  record CreateSession(long clientId, long sessionId) implements NfsRequest {}

  /** BIND_CONN_TO_SESSION (§18.34): binds the client's connection to its session, both channels. */
  record BindConnToSession(long clientId, long sessionId) implements NfsRequest {}

  /** DESTROY_SESSION (§18.37). */
  record DestroySession(long clientId, long sessionId) implements NfsRequest {}

  /** SEQUENCE alone (§18.46): renews the lease. */
  record Sequence(long clientId, long sessionId) implements NfsRequest {}

  /**
   * OPEN (§18.16). {@code create} is OPEN4_CREATE for CLAIM_NULL; {@code reclaimType} is the
   * delegate_type of CLAIM_PREVIOUS; {@code delegStateId} the delegation of CLAIM_DELEG_CUR_FH.
   */
  record Open(long clientId, long sessionId, String owner, String file, OpenClaimType claim,
      ShareAccess access, ShareDeny deny, boolean create, OpenDelegationType reclaimType,
      StateId delegStateId) implements NfsRequest {}

  /** CLOSE (§18.2). */
  record Close(long clientId, long sessionId, StateId openStateId) implements NfsRequest {}

  /** LOCK (§18.10), for a new lock owner (from an open stateid) or an existing lock stateid. */
  record Lock(long clientId, long sessionId, LockType type, boolean reclaim, long offset, long length,
      Locker locker) implements NfsRequest {}

  /** LOCKT (§18.11): would this lock be granted? */
  record Lockt(long clientId, long sessionId, String file, LockType type, long offset, long length,
      String lockOwner) implements NfsRequest {}

  /** LOCKU (§18.12). */
  record Locku(long clientId, long sessionId, LockType type, StateId lockStateId, long offset,
      long length) implements NfsRequest {}

  /** DELEGRETURN (§18.6). */
  record DelegReturn(long clientId, long sessionId, StateId delegStateId) implements NfsRequest {}

  /** RECLAIM_COMPLETE (§18.51), global (rca_one_fs = FALSE). */
  record ReclaimComplete(long clientId, long sessionId) implements NfsRequest {}

  /** SETATTR (§18.30) on a file; recalls another client's delegation. */
  record Setattr(long clientId, long sessionId, String file, StateId stateId) implements NfsRequest {}

  /** REMOVE (§18.25) of a file; recalls another client's delegation. */
  record Remove(long clientId, long sessionId, String file) implements NfsRequest {}

  /** locker4 (§18.10.1): how a LOCK names its lock owner. */
  sealed interface Locker {}

  /** open_to_lock_owner4: the first lock of {@code lockOwner} on the file of {@code openStateId}. */
  record NewLockOwner(StateId openStateId, String lockOwner) implements Locker {}

  /** exist_lock_owner4: a lock owner that already has a lock stateid. */
  record ExistingLockOwner(StateId lockStateId) implements Locker {}
}
