package org.nfs41sim.sim.script;

import java.util.Locale;
import java.util.function.LongFunction;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.OpenClaimType;
import org.nfs41sim.protocol.nfs.OpenDelegationType;
import org.nfs41sim.protocol.nfs.SequenceFlags;
import org.nfs41sim.protocol.nfs.ShareDeny;
import org.nfs41sim.protocol.nfs.StateId;

/** How step lines show requests, replies, ranges, ids and virtual time. */
final class Describe {
  private Describe() {}

  /** The request as a step line shows it, e.g. {@code OPEN f1 CLAIM_NULL WRITE}. */
  static String request(String client, Operation op, NfsRequest request) {
    StringBuilder b = new StringBuilder(op.name());
    if (op instanceof Operation.ExchangeId o && !o.ownerId().equals(client)) {
      b.append(" owner-id=").append(o.ownerId());
    } else if (op instanceof Operation.CreateSession o) {
      b.append(" clientid=").append(id(request.clientId()));
      if (!o.backChannel()) {
        b.append(" no-back-channel");
      }
    } else if (op instanceof Operation.Open o) {
      b.append(' ').append(o.file()).append(' ').append(o.claim()).append(' ').append(o.access());
      if (o.deny() != ShareDeny.NONE) {
        b.append(" deny=").append(o.deny());
      }
      if (!o.owner().equals(client)) {
        b.append(" owner=").append(o.owner());
      }
      if (o.create()) {
        b.append(" create");
      }
      if (o.claim() == OpenClaimType.CLAIM_PREVIOUS) {
        b.append(" delegate-type=").append(o.delegateType());
      }
      if (o.delegation() != null) {
        b.append(" delegation=").append(ref(o.delegation(), ((NfsRequest.Open) request).delegStateId()));
      }
    } else if (op instanceof Operation.Close o) {
      b.append(' ').append(ref(o.stateId(), ((NfsRequest.Close) request).openStateId()));
    } else if (op instanceof Operation.Lock o) {
      NfsRequest.Lock r = (NfsRequest.Lock) request;
      b.append(' ').append(o.type()).append(' ').append(range(o.offset(), o.length()));
      if (r.locker() instanceof NfsRequest.NewLockOwner n) {
        b.append(" open=").append(ref(o.open(), n.openStateId())).append(" lock-owner=").append(o.lockOwner());
      } else {
        b.append(" lock=").append(ref(o.lock(), ((NfsRequest.ExistingLockOwner) r.locker()).lockStateId()));
      }
      if (o.reclaim()) {
        b.append(" reclaim");
      }
    } else if (op instanceof Operation.Lockt o) {
      b.append(' ').append(o.file()).append(' ').append(o.type()).append(' ').append(range(o.offset(), o.length()))
          .append(" lock-owner=").append(o.lockOwner());
    } else if (op instanceof Operation.Locku o) {
      b.append(' ').append(ref(o.lock(), ((NfsRequest.Locku) request).lockStateId())).append(' ').append(o.type())
          .append(' ').append(range(o.offset(), o.length()));
    } else if (op instanceof Operation.DelegReturn o) {
      b.append(' ').append(ref(o.delegation(), ((NfsRequest.DelegReturn) request).delegStateId()));
    } else if (op instanceof Operation.Setattr o) {
      b.append(' ').append(o.file());
      if (!(o.stateId() instanceof StateIdRef.MadeUp m && m.stateId().equals(StateId.ANONYMOUS))) {
        b.append(" stateid=").append(ref(o.stateId(), ((NfsRequest.Setattr) request).stateId()));
      }
    } else if (op instanceof Operation.Remove o) {
      b.append(' ').append(o.file());
    }
    return b.toString();
  }

  /** The reply as a step line shows it, e.g. {@code OK o1=[1:1/1] deleg=WRITE[1:2/1]}. */
  static String reply(NfsReply reply, String as, LongFunction<String> clientName) {
    StringBuilder b = new StringBuilder(reply.status().shortName());
    String named = as == null ? " " : " " + as + "=";
    if (reply instanceof NfsReply.ExchangeIdReply r && r.ok()) {
      b.append(" clientid=").append(id(r.clientId()));
    } else if (reply instanceof NfsReply.CreateSessionReply r && r.ok()) {
      b.append(" session=").append(id(r.sessionId()));
    } else if (reply instanceof NfsReply.SequenceReply r && r.ok()) {
      b.append(" flags=").append(SequenceFlags.names(r.statusFlags()));
    } else if (reply instanceof NfsReply.OpenReply r && r.ok()) {
      b.append(named).append(r.stateId()).append(" deleg=");
      NfsReply.Delegation d = r.delegation() == null ? NfsReply.Delegation.NONE : r.delegation();
      b.append(d.type());
      if (d.type() != OpenDelegationType.NONE) {
        b.append(d.stateId()).append(d.recall() ? " recall" : "");
      }
    } else if (reply instanceof NfsReply.LockReply r) {
      if (r.ok()) {
        b.append(named).append(r.stateId());
      } else if (r.denied() != null) {
        b.append(' ').append(denied(r.denied(), clientName));
      }
    } else if (reply instanceof NfsReply.LocktReply r && r.denied() != null) {
      b.append(' ').append(denied(r.denied(), clientName));
    } else if (reply instanceof NfsReply.StateIdReply r && r.ok()) {
      b.append(named).append(r.stateId());
    }
    return b.toString();
  }

  static String denied(NfsReply.LockDenied d, LongFunction<String> clientName) {
    return "denied=" + clientName.apply(d.clientId()) + "/" + d.owner() + " " + d.type() + " "
        + range(d.offset(), d.length());
  }

  /** A reference and the stateid it stood for: {@code o1[1:1/1]}. */
  static String ref(StateIdRef ref, StateId resolved) {
    if (ref instanceof StateIdRef.Named n) {
      return n.text() + resolved;
    }
    return ref.text().equals("anonymous") ? "anonymous" : String.valueOf(resolved);
  }

  /** offset+length, length eof for NFS4_UINT64_MAX; both unsigned. */
  static String range(long offset, long length) {
    return Long.toUnsignedString(offset) + "+" + (length == Fields.UINT64_MAX ? "eof" : Long.toUnsignedString(length));
  }

  static String id(long id) {
    return "0x" + Long.toHexString(id);
  }

  /** Virtual time in seconds with millisecond digits: {@code @2.000s}. */
  static String time(long nanos) {
    return String.format(Locale.ROOT, "@%d.%03ds", nanos / 1_000_000_000L, (nanos / 1_000_000L) % 1000);
  }
}
