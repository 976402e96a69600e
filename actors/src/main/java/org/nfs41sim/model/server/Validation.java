package org.nfs41sim.model.server;

import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsRequest.Close;
import org.nfs41sim.protocol.nfs.NfsRequest.DelegReturn;
import org.nfs41sim.protocol.nfs.NfsRequest.ExchangeId;
import org.nfs41sim.protocol.nfs.NfsRequest.Lock;
import org.nfs41sim.protocol.nfs.NfsRequest.Lockt;
import org.nfs41sim.protocol.nfs.NfsRequest.Locku;
import org.nfs41sim.protocol.nfs.NfsRequest.NewLockOwner;
import org.nfs41sim.protocol.nfs.NfsRequest.ExistingLockOwner;
import org.nfs41sim.protocol.nfs.NfsRequest.Open;
import org.nfs41sim.protocol.nfs.NfsRequest.Remove;
import org.nfs41sim.protocol.nfs.NfsRequest.Setattr;
import org.nfs41sim.protocol.nfs.OpenClaimType;

/**
 * Checks that a request record has every field its operation needs. A record that does not is
 * answered NFS4ERR_INVAL (as XDR that decodes to nonsense would be), never a crashed actor.
 */
final class Validation {
  private Validation() {}

  /** The name of the first missing or impossible field, or null when the request is whole. */
  static String check(NfsRequest request) {
    if (request instanceof ExchangeId r) {
      return blank(r.ownerId()) ? "ownerId" : null;
    } else if (request instanceof Open r) {
      return blank(r.owner()) ? "owner"
          : blank(r.file()) ? "file"
          : r.claim() == null ? "claim"
          : r.access() == null ? "access"
          : r.deny() == null ? "deny"
          : r.claim() == OpenClaimType.CLAIM_DELEG_CUR_FH && r.delegStateId() == null ? "delegStateId"
          : null;
    } else if (request instanceof Close r) {
      return r.openStateId() == null ? "openStateId" : null;
    } else if (request instanceof Lock r) {
      if (r.type() == null) {
        return "type";
      }
      if (r.locker() instanceof NewLockOwner n) {
        return n.openStateId() == null ? "openStateId" : blank(n.lockOwner()) ? "lockOwner" : null;
      }
      return r.locker() instanceof ExistingLockOwner e && e.lockStateId() != null ? null : "locker";
    } else if (request instanceof Lockt r) {
      return blank(r.file()) ? "file" : r.type() == null ? "type" : blank(r.lockOwner()) ? "lockOwner" : null;
    } else if (request instanceof Locku r) {
      return r.type() == null ? "type" : r.lockStateId() == null ? "lockStateId" : null;
    } else if (request instanceof DelegReturn r) {
      return r.delegStateId() == null ? "delegStateId" : null;
    } else if (request instanceof Setattr r) {
      return blank(r.file()) ? "file" : null;
    } else if (request instanceof Remove r) {
      return blank(r.file()) ? "file" : null;
    }
    return request == null ? "request" : null;
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }
}
