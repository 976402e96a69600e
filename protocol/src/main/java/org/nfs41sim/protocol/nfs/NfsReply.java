package org.nfs41sim.protocol.nfs;

/** A reply to an {@link NfsRequest}, carrying its nfsstat4 (RFC 8881 §15.1). */
public sealed interface NfsReply {
  NfsStat4 status();

  default boolean ok() {
    return status() == NfsStat4.NFS4_OK;
  }

  /** EXCHANGE_ID's result: the client id. */
  record ExchangeIdReply(NfsStat4 status, long clientId) implements NfsReply {}

  /** CREATE_SESSION's result: the session id. */
  record CreateSessionReply(NfsStat4 status, long sessionId) implements NfsReply {}

  /** SEQUENCE's result; {@code statusFlags} are sr_status_flags, the {@link SequenceFlags} bits (§18.46.3). */
  record SequenceReply(NfsStat4 status, int statusFlags) implements NfsReply {
    /** Whether the flag {@code bit} (a {@link SequenceFlags} constant) is set. */
    public boolean has(int bit) {
      return (statusFlags & bit) != 0;
    }
  }

  /** OPEN's result: the open stateid and the delegation granted, if any. */
  record OpenReply(NfsStat4 status, StateId stateId, Delegation delegation) implements NfsReply {}

  /** LOCK's result: the lock stateid, or on DENIED the conflicting lock. */
  record LockReply(NfsStat4 status, StateId stateId, LockDenied denied) implements NfsReply {}

  /** LOCKT's result: on DENIED the conflicting lock. */
  record LocktReply(NfsStat4 status, LockDenied denied) implements NfsReply {}

  /** CLOSE's and LOCKU's result: the stateid at its new generation. */
  record StateIdReply(NfsStat4 status, StateId stateId) implements NfsReply {}

  /** DESTROY_SESSION, BIND_CONN_TO_SESSION, DELEGRETURN, RECLAIM_COMPLETE, SETATTR, REMOVE: a status alone. */
  record StatusReply(NfsStat4 status) implements NfsReply {}

  /**
   * The delegation an OPEN grants (open_delegation4, §18.16.1). {@code recall} set means it is
   * pre-recalled: return it at once (§10.2.1). Type NONE: no delegation.
   */
  record Delegation(OpenDelegationType type, StateId stateId, boolean recall) {
    public static final Delegation NONE = new Delegation(OpenDelegationType.NONE, null, false);
  }

  /** LOCK4denied (§18.10.1): the lock that conflicts. */
  record LockDenied(long clientId, String owner, LockType type, long offset, long length) {}
}
