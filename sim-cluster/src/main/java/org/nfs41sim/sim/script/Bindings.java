package org.nfs41sim.sim.script;

import java.util.Map;
import java.util.TreeMap;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.StateId;

/** The named results of a running script ({@code as = o1}): what each name stands for now. */
final class Bindings {
  /** A result as its step got it: the stateid it returned (null on failure) and, for OPEN, the delegation. */
  record Bound(int step, String op, NfsStat4 status, StateId stateId, NfsReply.Delegation delegation) {}

  /** A reference that cannot be made into a stateid now; its message says why. */
  static final class Unresolved extends Exception {
    private static final long serialVersionUID = 1L;

    Unresolved(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, Bound> bound = new TreeMap<>();

  /** Names {@code reply}'s result {@code name}; a later step naming it again rebinds it. */
  void bind(String name, int step, String op, NfsReply reply) {
    StateId stateId = null;
    NfsReply.Delegation delegation = null;
    if (reply instanceof NfsReply.OpenReply r) {
      stateId = r.stateId();
      delegation = r.delegation();
    } else if (reply instanceof NfsReply.LockReply r) {
      stateId = r.stateId();
    } else if (reply instanceof NfsReply.StateIdReply r) {
      stateId = r.stateId();
    }
    bound.put(name, new Bound(step, op, reply.status(), stateId, delegation));
  }

  StateId resolve(StateIdRef ref) throws Unresolved {
    if (ref instanceof StateIdRef.MadeUp m) {
      return m.stateId();
    }
    if (ref instanceof StateIdRef.Like l) {
      StateId base = resolve(l.base());
      return new StateId(l.seqid() != null ? l.seqid() : base.seqid(), l.epoch() != null ? l.epoch() : base.epoch(),
          l.serial() != null ? l.serial() : base.serial());
    }
    StateIdRef.Named n = (StateIdRef.Named) ref;
    Bound b = bound.get(n.name());
    if (b == null) {
      throw new Unresolved(n.name() + " is not bound yet");
    }
    StateId id;
    if (n.delegation()) {
      if (b.delegation() == null || b.delegation().type() == OpenDelegationType.NONE) {
        throw new Unresolved(n.name() + " got no delegation (step " + b.step() + " " + b.op() + " returned "
            + b.status().shortName() + (b.status() == NfsStat4.NFS4_OK ? " with delegation NONE)" : ")"));
      }
      id = b.delegation().stateId();
    } else {
      if (b.stateId() == null) {
        throw new Unresolved(n.name() + " has no stateid (step " + b.step() + " " + b.op() + " returned "
            + b.status().shortName() + ")");
      }
      id = b.stateId();
    }
    return new StateId(id.seqid() + n.seqidDelta(), id.epoch(), id.serial());
  }
}
