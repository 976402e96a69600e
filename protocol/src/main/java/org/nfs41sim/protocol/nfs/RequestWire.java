package org.nfs41sim.protocol.nfs;

import static org.nfs41sim.protocol.nfs.WireValues.decodeClaim;
import static org.nfs41sim.protocol.nfs.WireValues.decodeDelegationType;
import static org.nfs41sim.protocol.nfs.WireValues.decodeLockType;
import static org.nfs41sim.protocol.nfs.WireValues.decodeOptionalStateId;
import static org.nfs41sim.protocol.nfs.WireValues.decodeRequiredStateId;
import static org.nfs41sim.protocol.nfs.WireValues.decodeShareAccess;
import static org.nfs41sim.protocol.nfs.WireValues.decodeShareDeny;
import static org.nfs41sim.protocol.nfs.WireValues.decodeString;
import static org.nfs41sim.protocol.nfs.WireValues.encodeClaim;
import static org.nfs41sim.protocol.nfs.WireValues.encodeDelegationType;
import static org.nfs41sim.protocol.nfs.WireValues.encodeLockType;
import static org.nfs41sim.protocol.nfs.WireValues.encodeStateId;
import static org.nfs41sim.protocol.nfs.WireValues.encodeString;
import static org.nfs41sim.protocol.nfs.WireValues.ifPresent;
import static org.nfs41sim.protocol.nfs.WireValues.missing;

import org.nfs41sim.protocol.nfs.NfsRequest.Close;
import org.nfs41sim.protocol.nfs.NfsRequest.CreateSession;
import org.nfs41sim.protocol.nfs.NfsRequest.DelegReturn;
import org.nfs41sim.protocol.nfs.NfsRequest.BindConnToSession;
import org.nfs41sim.protocol.nfs.NfsRequest.DestroySession;
import org.nfs41sim.protocol.nfs.NfsRequest.ExchangeId;
import org.nfs41sim.protocol.nfs.NfsRequest.ExistingLockOwner;
import org.nfs41sim.protocol.nfs.NfsRequest.Lock;
import org.nfs41sim.protocol.nfs.NfsRequest.Locker;
import org.nfs41sim.protocol.nfs.NfsRequest.Lockt;
import org.nfs41sim.protocol.nfs.NfsRequest.Locku;
import org.nfs41sim.protocol.nfs.NfsRequest.NewLockOwner;
import org.nfs41sim.protocol.nfs.NfsRequest.Open;
import org.nfs41sim.protocol.nfs.NfsRequest.ReclaimComplete;
import org.nfs41sim.protocol.nfs.NfsRequest.Remove;
import org.nfs41sim.protocol.nfs.NfsRequest.Sequence;
import org.nfs41sim.protocol.nfs.NfsRequest.Setattr;
import org.nfs41sim.protocol.nfs.wire.CloseMsg;
import org.nfs41sim.protocol.nfs.wire.CreateSessionMsg;
import org.nfs41sim.protocol.nfs.wire.DelegReturnMsg;
import org.nfs41sim.protocol.nfs.wire.BindConnToSessionMsg;
import org.nfs41sim.protocol.nfs.wire.DestroySessionMsg;
import org.nfs41sim.protocol.nfs.wire.ExchangeIdMsg;
import org.nfs41sim.protocol.nfs.wire.ExistingLockOwnerMsg;
import org.nfs41sim.protocol.nfs.wire.LockMsg;
import org.nfs41sim.protocol.nfs.wire.LocktMsg;
import org.nfs41sim.protocol.nfs.wire.LockuMsg;
import org.nfs41sim.protocol.nfs.wire.NewLockOwnerMsg;
import org.nfs41sim.protocol.nfs.wire.NfsRequestMsg;
import org.nfs41sim.protocol.nfs.wire.OpenMsg;
import org.nfs41sim.protocol.nfs.wire.ReclaimCompleteMsg;
import org.nfs41sim.protocol.nfs.wire.RemoveMsg;
import org.nfs41sim.protocol.nfs.wire.SequenceMsg;
import org.nfs41sim.protocol.nfs.wire.SetattrMsg;

/** Converts {@link NfsRequest} records to and from {@link NfsRequestMsg}. */
final class RequestWire {
  private RequestWire() {}

  // ---- encode ---------------------------------------------------------------------------------

  static NfsRequestMsg toWire(NfsRequest request) {
    NfsRequestMsg.Builder b = NfsRequestMsg.newBuilder()
        .setClientId(request.clientId())
        .setSessionId(request.sessionId());
    if (request instanceof ExchangeId r) {
      ExchangeIdMsg.Builder x = ExchangeIdMsg.newBuilder();
      ifPresent(r.ownerId(), v -> x.setOwnerId(encodeString(v, "ExchangeId.ownerId")));
      b.setExchangeId(x);
    } else if (request instanceof CreateSession) {
      b.setCreateSession(CreateSessionMsg.getDefaultInstance());
    } else if (request instanceof DestroySession) {
      b.setDestroySession(DestroySessionMsg.getDefaultInstance());
    } else if (request instanceof BindConnToSession) {
      b.setBindConnToSession(BindConnToSessionMsg.getDefaultInstance());
    } else if (request instanceof Sequence) {
      b.setSequence(SequenceMsg.getDefaultInstance());
    } else if (request instanceof Open r) {
      b.setOpen(open(r));
    } else if (request instanceof Close r) {
      CloseMsg.Builder x = CloseMsg.newBuilder();
      ifPresent(r.openStateId(), v -> x.setOpenStateId(encodeStateId(v)));
      b.setClose(x);
    } else if (request instanceof Lock r) {
      b.setLock(lock(r));
    } else if (request instanceof Lockt r) {
      LocktMsg.Builder x = LocktMsg.newBuilder()
          .setType(encodeLockType(r.type()))
          .setOffset(r.offset())
          .setLength(r.length());
      ifPresent(r.file(), v -> x.setFile(encodeString(v, "Lockt.file")));
      ifPresent(r.lockOwner(), v -> x.setLockOwner(encodeString(v, "Lockt.lockOwner")));
      b.setLockt(x);
    } else if (request instanceof Locku r) {
      LockuMsg.Builder x = LockuMsg.newBuilder()
          .setType(encodeLockType(r.type()))
          .setOffset(r.offset())
          .setLength(r.length());
      ifPresent(r.lockStateId(), v -> x.setLockStateId(encodeStateId(v)));
      b.setLocku(x);
    } else if (request instanceof DelegReturn r) {
      DelegReturnMsg.Builder x = DelegReturnMsg.newBuilder();
      ifPresent(r.delegStateId(), v -> x.setDelegStateId(encodeStateId(v)));
      b.setDelegReturn(x);
    } else if (request instanceof ReclaimComplete) {
      b.setReclaimComplete(ReclaimCompleteMsg.getDefaultInstance());
    } else if (request instanceof Setattr r) {
      SetattrMsg.Builder x = SetattrMsg.newBuilder();
      ifPresent(r.file(), v -> x.setFile(encodeString(v, "Setattr.file")));
      ifPresent(r.stateId(), v -> x.setStateId(encodeStateId(v)));
      b.setSetattr(x);
    } else if (request instanceof Remove r) {
      RemoveMsg.Builder x = RemoveMsg.newBuilder();
      ifPresent(r.file(), v -> x.setFile(encodeString(v, "Remove.file")));
      b.setRemove(x);
    } else {
      throw new IllegalArgumentException("no wire form for " + request.getClass().getName());
    }
    return b.build();
  }

  private static OpenMsg open(Open r) {
    OpenMsg.Builder b = OpenMsg.newBuilder()
        .setClaim(encodeClaim(r.claim()))
        .setCreate(r.create());
    ifPresent(r.owner(), v -> b.setOwner(encodeString(v, "Open.owner")));
    ifPresent(r.file(), v -> b.setFile(encodeString(v, "Open.file")));
    ifPresent(r.access(), v -> b.setShareAccess(v.bits));
    ifPresent(r.deny(), v -> b.setShareDeny(v.bits));
    ifPresent(r.reclaimType(), v -> b.setReclaimType(encodeDelegationType(v)));
    ifPresent(r.delegStateId(), v -> b.setDelegStateId(encodeStateId(v)));
    return b.build();
  }

  private static LockMsg lock(Lock r) {
    LockMsg.Builder b = LockMsg.newBuilder()
        .setType(encodeLockType(r.type()))
        .setReclaim(r.reclaim())
        .setOffset(r.offset())
        .setLength(r.length());
    Locker locker = r.locker();
    if (locker instanceof NewLockOwner n) {
      NewLockOwnerMsg.Builder x = NewLockOwnerMsg.newBuilder();
      ifPresent(n.openStateId(), v -> x.setOpenStateId(encodeStateId(v)));
      ifPresent(n.lockOwner(), v -> x.setLockOwner(encodeString(v, "NewLockOwner.lockOwner")));
      b.setNewLockOwner(x);
    } else if (locker instanceof ExistingLockOwner e) {
      ExistingLockOwnerMsg.Builder x = ExistingLockOwnerMsg.newBuilder();
      ifPresent(e.lockStateId(), v -> x.setLockStateId(encodeStateId(v)));
      b.setExistingLockOwner(x);
    } else if (locker != null) {
      throw new IllegalArgumentException("no wire form for " + locker.getClass().getName());
    }
    return b.build();
  }

  // ---- decode ---------------------------------------------------------------------------------

  static NfsRequest fromWire(NfsRequestMsg m) {
    long c = m.getClientId();
    long s = m.getSessionId();
    return switch (m.getOpCase()) {
      case EXCHANGE_ID -> {
        ExchangeIdMsg x = m.getExchangeId();
        yield new ExchangeId(c, s, decodeString(x.hasOwnerId(), x.getOwnerId(), "exchange_id.owner_id"));
      }
      case CREATE_SESSION -> new CreateSession(c, s);
      case DESTROY_SESSION -> new DestroySession(c, s);
      case BIND_CONN_TO_SESSION -> new BindConnToSession(c, s);
      case SEQUENCE -> new Sequence(c, s);
      case OPEN -> open(c, s, m.getOpen());
      case CLOSE -> {
        CloseMsg x = m.getClose();
        yield new Close(c, s,
            decodeRequiredStateId(x.hasOpenStateId(), x.getOpenStateId(), "close.open_state_id"));
      }
      case LOCK -> lock(c, s, m.getLock());
      case LOCKT -> {
        LocktMsg x = m.getLockt();
        yield new Lockt(c, s,
            decodeString(x.hasFile(), x.getFile(), "lockt.file"),
            decodeLockType(x.getTypeValue(), "lockt.type"),
            x.getOffset(),
            x.getLength(),
            decodeString(x.hasLockOwner(), x.getLockOwner(), "lockt.lock_owner"));
      }
      case LOCKU -> {
        LockuMsg x = m.getLocku();
        yield new Locku(c, s,
            decodeLockType(x.getTypeValue(), "locku.type"),
            decodeRequiredStateId(x.hasLockStateId(), x.getLockStateId(), "locku.lock_state_id"),
            x.getOffset(),
            x.getLength());
      }
      case DELEG_RETURN -> {
        DelegReturnMsg x = m.getDelegReturn();
        yield new DelegReturn(c, s,
            decodeRequiredStateId(x.hasDelegStateId(), x.getDelegStateId(), "deleg_return.deleg_state_id"));
      }
      case RECLAIM_COMPLETE -> new ReclaimComplete(c, s);
      case SETATTR -> {
        SetattrMsg x = m.getSetattr();
        yield new Setattr(c, s,
            decodeString(x.hasFile(), x.getFile(), "setattr.file"),
            decodeOptionalStateId(x.hasStateId(), x.getStateId()));
      }
      case REMOVE -> {
        RemoveMsg x = m.getRemove();
        yield new Remove(c, s, decodeString(x.hasFile(), x.getFile(), "remove.file"));
      }
      case OP_NOT_SET -> throw missing("request op");
    };
  }

  private static Open open(long c, long s, OpenMsg x) {
    return new Open(c, s,
        decodeString(x.hasOwner(), x.getOwner(), "open.owner"),
        decodeString(x.hasFile(), x.getFile(), "open.file"),
        decodeClaim(x.getClaimValue(), "open.claim"),
        decodeShareAccess(x.hasShareAccess(), x.getShareAccess(), "open.share_access"),
        decodeShareDeny(x.hasShareDeny(), x.getShareDeny(), "open.share_deny"),
        x.getCreate(),
        x.hasReclaimType() ? decodeDelegationType(x.getReclaimTypeValue(), "open.reclaim_type") : null,
        decodeOptionalStateId(x.hasDelegStateId(), x.getDelegStateId()));
  }

  private static Lock lock(long c, long s, LockMsg x) {
    LockType type = decodeLockType(x.getTypeValue(), "lock.type");
    Locker locker = switch (x.getLockerCase()) {
      case NEW_LOCK_OWNER -> {
        NewLockOwnerMsg n = x.getNewLockOwner();
        yield new NewLockOwner(
            decodeRequiredStateId(n.hasOpenStateId(), n.getOpenStateId(), "lock.new_lock_owner.open_state_id"),
            decodeString(n.hasLockOwner(), n.getLockOwner(), "lock.new_lock_owner.lock_owner"));
      }
      case EXISTING_LOCK_OWNER -> {
        ExistingLockOwnerMsg e = x.getExistingLockOwner();
        yield new ExistingLockOwner(decodeRequiredStateId(
            e.hasLockStateId(), e.getLockStateId(), "lock.existing_lock_owner.lock_state_id"));
      }
      case LOCKER_NOT_SET -> throw missing("lock.locker");
    };
    return new Lock(c, s, type, x.getReclaim(), x.getOffset(), x.getLength(), locker);
  }
}
