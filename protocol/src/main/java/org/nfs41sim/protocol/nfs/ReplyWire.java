package org.nfs41sim.protocol.nfs;

import static org.nfs41sim.protocol.nfs.WireValues.decodeDelegationType;
import static org.nfs41sim.protocol.nfs.WireValues.decodeLockType;
import static org.nfs41sim.protocol.nfs.WireValues.decodeOptionalStateId;
import static org.nfs41sim.protocol.nfs.WireValues.decodeRequiredStateId;
import static org.nfs41sim.protocol.nfs.WireValues.decodeStatus;
import static org.nfs41sim.protocol.nfs.WireValues.decodeString;
import static org.nfs41sim.protocol.nfs.WireValues.encodeDelegationType;
import static org.nfs41sim.protocol.nfs.WireValues.encodeLockType;
import static org.nfs41sim.protocol.nfs.WireValues.encodeStateId;
import static org.nfs41sim.protocol.nfs.WireValues.encodeString;
import static org.nfs41sim.protocol.nfs.WireValues.ifPresent;
import static org.nfs41sim.protocol.nfs.WireValues.missing;

import org.nfs41sim.protocol.nfs.NfsReply.CreateSessionReply;
import org.nfs41sim.protocol.nfs.NfsReply.Delegation;
import org.nfs41sim.protocol.nfs.NfsReply.ExchangeIdReply;
import org.nfs41sim.protocol.nfs.NfsReply.LockDenied;
import org.nfs41sim.protocol.nfs.NfsReply.LockReply;
import org.nfs41sim.protocol.nfs.NfsReply.LocktReply;
import org.nfs41sim.protocol.nfs.NfsReply.OpenReply;
import org.nfs41sim.protocol.nfs.NfsReply.SequenceReply;
import org.nfs41sim.protocol.nfs.NfsReply.StateIdReply;
import org.nfs41sim.protocol.nfs.NfsReply.StatusReply;
import org.nfs41sim.protocol.nfs.wire.CbRecallMsg;
import org.nfs41sim.protocol.nfs.wire.CbRecallReplyMsg;
import org.nfs41sim.protocol.nfs.wire.CreateSessionReplyMsg;
import org.nfs41sim.protocol.nfs.wire.DelegationMsg;
import org.nfs41sim.protocol.nfs.wire.ExchangeIdReplyMsg;
import org.nfs41sim.protocol.nfs.wire.LockDeniedMsg;
import org.nfs41sim.protocol.nfs.wire.LockReplyMsg;
import org.nfs41sim.protocol.nfs.wire.LocktReplyMsg;
import org.nfs41sim.protocol.nfs.wire.NfsCallbackMsg;
import org.nfs41sim.protocol.nfs.wire.NfsCallbackReplyMsg;
import org.nfs41sim.protocol.nfs.wire.NfsReplyMsg;
import org.nfs41sim.protocol.nfs.wire.OpenReplyMsg;
import org.nfs41sim.protocol.nfs.wire.SequenceReplyMsg;
import org.nfs41sim.protocol.nfs.wire.StateIdReplyMsg;
import org.nfs41sim.protocol.nfs.wire.StatusReplyMsg;

/**
 * Converts {@link NfsReply} records to and from {@link NfsReplyMsg}, and the back channel's
 * {@link CbRecall} and {@link CbRecallReply} to and from their envelopes.
 */
final class ReplyWire {
  private ReplyWire() {}

  // ---- fore-channel replies -------------------------------------------------------------------

  static NfsReplyMsg toWire(NfsReply reply) {
    NfsReplyMsg.Builder b = NfsReplyMsg.newBuilder();
    ifPresent(reply.status(), v -> b.setStatus(v.code()));
    if (reply instanceof ExchangeIdReply r) {
      b.setExchangeId(ExchangeIdReplyMsg.newBuilder().setClientId(r.clientId()));
    } else if (reply instanceof CreateSessionReply r) {
      b.setCreateSession(CreateSessionReplyMsg.newBuilder().setSessionId(r.sessionId()));
    } else if (reply instanceof SequenceReply r) {
      b.setSequence(SequenceReplyMsg.newBuilder().setStatusFlags(r.statusFlags()));
    } else if (reply instanceof OpenReply r) {
      OpenReplyMsg.Builder x = OpenReplyMsg.newBuilder();
      ifPresent(r.stateId(), v -> x.setStateId(encodeStateId(v)));
      ifPresent(r.delegation(), v -> x.setDelegation(delegation(v)));
      b.setOpen(x);
    } else if (reply instanceof LockReply r) {
      LockReplyMsg.Builder x = LockReplyMsg.newBuilder();
      ifPresent(r.stateId(), v -> x.setStateId(encodeStateId(v)));
      ifPresent(r.denied(), v -> x.setDenied(denied(v)));
      b.setLock(x);
    } else if (reply instanceof LocktReply r) {
      LocktReplyMsg.Builder x = LocktReplyMsg.newBuilder();
      ifPresent(r.denied(), v -> x.setDenied(denied(v)));
      b.setLockt(x);
    } else if (reply instanceof StateIdReply r) {
      StateIdReplyMsg.Builder x = StateIdReplyMsg.newBuilder();
      ifPresent(r.stateId(), v -> x.setStateId(encodeStateId(v)));
      b.setStateId(x);
    } else if (reply instanceof StatusReply) {
      b.setStatusOnly(StatusReplyMsg.getDefaultInstance());
    } else {
      throw new IllegalArgumentException("no wire form for " + reply.getClass().getName());
    }
    return b.build();
  }

  private static DelegationMsg delegation(Delegation d) {
    DelegationMsg.Builder b = DelegationMsg.newBuilder()
        .setType(encodeDelegationType(d.type()))
        .setRecall(d.recall());
    ifPresent(d.stateId(), v -> b.setStateId(encodeStateId(v)));
    return b.build();
  }

  private static LockDeniedMsg denied(LockDenied d) {
    LockDeniedMsg.Builder b = LockDeniedMsg.newBuilder()
        .setClientId(d.clientId())
        .setType(encodeLockType(d.type()))
        .setOffset(d.offset())
        .setLength(d.length());
    ifPresent(d.owner(), v -> b.setOwner(encodeString(v, "LockDenied.owner")));
    return b.build();
  }

  static NfsReply fromWire(NfsReplyMsg m) {
    NfsStat4 status = decodeStatus(m.hasStatus(), m.getStatus(), "reply status");
    return switch (m.getResultCase()) {
      case EXCHANGE_ID -> new ExchangeIdReply(status, m.getExchangeId().getClientId());
      case CREATE_SESSION -> new CreateSessionReply(status, m.getCreateSession().getSessionId());
      case SEQUENCE -> new SequenceReply(status, m.getSequence().getStatusFlags());
      case OPEN -> {
        OpenReplyMsg x = m.getOpen();
        yield new OpenReply(status,
            decodeOptionalStateId(x.hasStateId(), x.getStateId()),
            x.hasDelegation() ? delegation(x.getDelegation(), "open.delegation") : null);
      }
      case LOCK -> {
        LockReplyMsg x = m.getLock();
        yield new LockReply(status,
            decodeOptionalStateId(x.hasStateId(), x.getStateId()),
            x.hasDenied() ? denied(x.getDenied(), "lock.denied") : null);
      }
      case LOCKT -> {
        LocktReplyMsg x = m.getLockt();
        yield new LocktReply(status, x.hasDenied() ? denied(x.getDenied(), "lockt.denied") : null);
      }
      case STATE_ID -> {
        StateIdReplyMsg x = m.getStateId();
        yield new StateIdReply(status, decodeOptionalStateId(x.hasStateId(), x.getStateId()));
      }
      case STATUS_ONLY -> new StatusReply(status);
      case RESULT_NOT_SET -> throw missing("reply result");
    };
  }

  private static Delegation delegation(DelegationMsg x, String field) {
    return new Delegation(
        decodeDelegationType(x.getTypeValue(), field + ".type"),
        decodeOptionalStateId(x.hasStateId(), x.getStateId()),
        x.getRecall());
  }

  private static LockDenied denied(LockDeniedMsg x, String field) {
    return new LockDenied(
        x.getClientId(),
        decodeString(x.hasOwner(), x.getOwner(), field + ".owner"),
        decodeLockType(x.getTypeValue(), field + ".type"),
        x.getOffset(),
        x.getLength());
  }

  // ---- back channel ---------------------------------------------------------------------------

  static NfsCallbackMsg toWire(CbRecall recall) {
    CbRecallMsg.Builder x = CbRecallMsg.newBuilder().setTruncate(recall.truncate());
    ifPresent(recall.stateId(), v -> x.setStateId(encodeStateId(v)));
    ifPresent(recall.file(), v -> x.setFile(encodeString(v, "CbRecall.file")));
    return NfsCallbackMsg.newBuilder().setCbRecall(x).build();
  }

  static CbRecall fromWire(NfsCallbackMsg m) {
    return switch (m.getOpCase()) {
      case CB_RECALL -> {
        CbRecallMsg x = m.getCbRecall();
        yield new CbRecall(
            decodeRequiredStateId(x.hasStateId(), x.getStateId(), "cb_recall.state_id"),
            x.getTruncate(),
            decodeString(x.hasFile(), x.getFile(), "cb_recall.file"));
      }
      case OP_NOT_SET -> throw missing("callback op");
    };
  }

  static NfsCallbackReplyMsg toWire(CbRecallReply reply) {
    NfsCallbackReplyMsg.Builder b = NfsCallbackReplyMsg.newBuilder();
    ifPresent(reply.status(), v -> b.setStatus(v.code()));
    CbRecallReplyMsg.Builder x = CbRecallReplyMsg.newBuilder();
    ifPresent(reply.stateId(), v -> x.setStateId(encodeStateId(v)));
    return b.setCbRecall(x).build();
  }

  static CbRecallReply fromWire(NfsCallbackReplyMsg m) {
    NfsStat4 status = decodeStatus(m.hasStatus(), m.getStatus(), "callback reply status");
    return switch (m.getResultCase()) {
      case CB_RECALL -> {
        CbRecallReplyMsg x = m.getCbRecall();
        yield new CbRecallReply(status,
            decodeRequiredStateId(x.hasStateId(), x.getStateId(), "cb_recall_reply.state_id"));
      }
      case RESULT_NOT_SET -> throw missing("callback reply result");
    };
  }
}
