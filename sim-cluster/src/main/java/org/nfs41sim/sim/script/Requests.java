package org.nfs41sim.sim.script;

import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.sim.script.Bindings.Unresolved;

/** Turns a script operation into the protocol record the server gets, with the ids and stateids of now. */
final class Requests {
  private Requests() {}

  static NfsRequest build(Operation operation, long clientId, long sessionId, Bindings bindings) throws Unresolved {
    if (operation instanceof Operation.ExchangeId o) {
      return new NfsRequest.ExchangeId(clientId, sessionId, o.ownerId());
    } else if (operation instanceof Operation.CreateSession) {
      return new NfsRequest.CreateSession(clientId, sessionId);
    } else if (operation instanceof Operation.BindConnToSession) {
      return new NfsRequest.BindConnToSession(clientId, sessionId);
    } else if (operation instanceof Operation.Sequence) {
      return new NfsRequest.Sequence(clientId, sessionId);
    } else if (operation instanceof Operation.DestroySession) {
      return new NfsRequest.DestroySession(clientId, sessionId);
    } else if (operation instanceof Operation.Open o) {
      return new NfsRequest.Open(clientId, sessionId, o.owner(), o.file(), o.claim(), o.access(), o.deny(),
          o.create(), o.delegateType(), o.delegation() == null ? null : bindings.resolve(o.delegation()));
    } else if (operation instanceof Operation.Close o) {
      return new NfsRequest.Close(clientId, sessionId, bindings.resolve(o.stateId()));
    } else if (operation instanceof Operation.Lock o) {
      NfsRequest.Locker locker = o.open() != null
          ? new NfsRequest.NewLockOwner(bindings.resolve(o.open()), o.lockOwner())
          : new NfsRequest.ExistingLockOwner(bindings.resolve(o.lock()));
      return new NfsRequest.Lock(clientId, sessionId, o.type(), o.reclaim(), o.offset(), o.length(), locker);
    } else if (operation instanceof Operation.Lockt o) {
      return new NfsRequest.Lockt(clientId, sessionId, o.file(), o.type(), o.offset(), o.length(), o.lockOwner());
    } else if (operation instanceof Operation.Locku o) {
      return new NfsRequest.Locku(clientId, sessionId, o.type(), bindings.resolve(o.lock()), o.offset(), o.length());
    } else if (operation instanceof Operation.DelegReturn o) {
      return new NfsRequest.DelegReturn(clientId, sessionId, bindings.resolve(o.delegation()));
    } else if (operation instanceof Operation.ReclaimComplete) {
      return new NfsRequest.ReclaimComplete(clientId, sessionId);
    } else if (operation instanceof Operation.Setattr o) {
      return new NfsRequest.Setattr(clientId, sessionId, o.file(), bindings.resolve(o.stateId()));
    }
    return new NfsRequest.Remove(clientId, sessionId, ((Operation.Remove) operation).file());
  }
}
