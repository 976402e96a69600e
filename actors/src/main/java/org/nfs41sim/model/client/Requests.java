package org.nfs41sim.model.client;

import org.nfs41sim.protocol.nfs.NfsRequest;

/** A request with the client's current client id and session id filled in (nfs41_setup_sequence). */
final class Requests {
  private Requests() {}

  static NfsRequest withIds(NfsRequest r, long clientId, long sessionId) {
    if (r instanceof NfsRequest.ExchangeId x) {
      return x; // no client id yet
    } else if (r instanceof NfsRequest.CreateSession) {
      return new NfsRequest.CreateSession(clientId, 0);
    } else if (r instanceof NfsRequest.BindConnToSession) {
      return new NfsRequest.BindConnToSession(clientId, sessionId);
    } else if (r instanceof NfsRequest.DestroySession) {
      return new NfsRequest.DestroySession(clientId, sessionId);
    } else if (r instanceof NfsRequest.Sequence) {
      return new NfsRequest.Sequence(clientId, sessionId);
    } else if (r instanceof NfsRequest.ReclaimComplete) {
      return new NfsRequest.ReclaimComplete(clientId, sessionId);
    } else if (r instanceof NfsRequest.Open o) {
      return new NfsRequest.Open(clientId, sessionId, o.owner(), o.file(), o.claim(), o.access(), o.deny(),
          o.create(), o.reclaimType(), o.delegStateId());
    } else if (r instanceof NfsRequest.Close c) {
      return new NfsRequest.Close(clientId, sessionId, c.openStateId());
    } else if (r instanceof NfsRequest.Lock l) {
      return new NfsRequest.Lock(clientId, sessionId, l.type(), l.reclaim(), l.offset(), l.length(), l.locker());
    } else if (r instanceof NfsRequest.Lockt l) {
      return new NfsRequest.Lockt(clientId, sessionId, l.file(), l.type(), l.offset(), l.length(), l.lockOwner());
    } else if (r instanceof NfsRequest.Locku l) {
      return new NfsRequest.Locku(clientId, sessionId, l.type(), l.lockStateId(), l.offset(), l.length());
    } else if (r instanceof NfsRequest.DelegReturn d) {
      return new NfsRequest.DelegReturn(clientId, sessionId, d.delegStateId());
    } else if (r instanceof NfsRequest.Setattr s) {
      return new NfsRequest.Setattr(clientId, sessionId, s.file(), s.stateId());
    } else if (r instanceof NfsRequest.Remove m) {
      return new NfsRequest.Remove(clientId, sessionId, m.file());
    }
    throw new IllegalArgumentException("unknown request " + r);
  }
}
