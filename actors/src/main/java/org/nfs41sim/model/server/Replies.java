package org.nfs41sim.model.server;

import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;

/** The reply of the right type for a request that failed with {@code status}. */
final class Replies {
  private Replies() {}

  static NfsReply failure(NfsRequest request, NfsStat4 status) {
    if (request instanceof NfsRequest.ExchangeId) {
      return new NfsReply.ExchangeIdReply(status, 0);
    } else if (request instanceof NfsRequest.CreateSession) {
      return new NfsReply.CreateSessionReply(status, 0);
    } else if (request instanceof NfsRequest.Sequence) {
      return new NfsReply.SequenceReply(status, 0);
    } else if (request instanceof NfsRequest.Open) {
      return new NfsReply.OpenReply(status, null, null);
    } else if (request instanceof NfsRequest.Lock) {
      return new NfsReply.LockReply(status, null, null);
    } else if (request instanceof NfsRequest.Lockt) {
      return new NfsReply.LocktReply(status, null);
    } else if (request instanceof NfsRequest.Close || request instanceof NfsRequest.Locku) {
      return new NfsReply.StateIdReply(status, null);
    }
    return new NfsReply.StatusReply(status);
  }
}
