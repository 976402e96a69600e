package org.nfs41sim.protocol.nfs;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.util.Objects;
import java.util.function.Function;
import org.nfs41sim.protocol.nfs.wire.NfsCallbackMsg;
import org.nfs41sim.protocol.nfs.wire.NfsCallbackReplyMsg;
import org.nfs41sim.protocol.nfs.wire.NfsReplyMsg;
import org.nfs41sim.protocol.nfs.wire.NfsRequestMsg;

/**
 * The Protobuf wire form of the NFS records ({@code nfs41sim/nfs.proto}), for messages that cross
 * JVMs. Four kinds of message travel: fore-channel requests and replies, back-channel calls and
 * their replies. The bytes do not say which kind they are; whoever carries them (a serializer's
 * manifest) must, and hand them to the matching {@code decode} method.
 *
 * <p>Round trip: {@code decodeX(encode(x)).equals(x)} for every record whose operation has all it
 * needs, nulls included where a record allows them (an absent stateid, delegation, reclaim type
 * or LOCK4denied stays null; {@link NfsReply.Delegation#NONE} stays NONE; an empty name stays
 * empty). Values are not judged: an OPEN whose claim and reclaim type disagree, or a LOCK of
 * length zero, travels as it is, for the server model to answer.
 *
 * <p>Encoding accepts every record (only a string with an unpaired surrogate, which UTF-8 cannot
 * carry, is refused with an {@link IllegalArgumentException}). A null where the operation needs a
 * value (a status, enum, share mode, locker, name, owner, or the stateid of CLOSE, LOCKU,
 * DELEGRETURN, a locker, CB_RECALL or its reply) is left off the wire, and decoding it fails with
 * NFS4ERR_INVAL naming the field, so a transport that answers a failed decode with its
 * {@link NfsDecodeException#status()} gives such a record the answer the server model gives it
 * when handed it locally.
 *
 * <p>Decoding throws nothing but {@link NfsDecodeException}: NFS4ERR_BADXDR for bytes that are
 * not a message of the kind (truncated, garbage, null), NFS4ERR_INVAL for a well-formed message
 * that lacks a required field (no operation, a missing name or stateid, an UNSPECIFIED or unknown
 * enum) or holds a value out of range (share access 0 or above 3, share deny above 3, an nfsstat4
 * the model does not know). Empty bytes are a well-formed empty message: NFS4ERR_INVAL.
 */
public final class NfsCodec {
  private NfsCodec() {}

  /** The wire form of a fore-channel request. */
  public static byte[] encode(NfsRequest request) {
    return RequestWire.toWire(Objects.requireNonNull(request, "request")).toByteArray();
  }

  /** The request whose wire form is {@code bytes}. */
  public static NfsRequest decodeRequest(byte[] bytes) {
    return decode(bytes, "request", NfsRequestMsg.parser(), RequestWire::fromWire);
  }

  /** The wire form of a fore-channel reply. */
  public static byte[] encode(NfsReply reply) {
    return ReplyWire.toWire(Objects.requireNonNull(reply, "reply")).toByteArray();
  }

  /** The reply whose wire form is {@code bytes}. */
  public static NfsReply decodeReply(byte[] bytes) {
    return decode(bytes, "reply", NfsReplyMsg.parser(), ReplyWire::fromWire);
  }

  /** The wire form of a CB_RECALL. */
  public static byte[] encode(CbRecall recall) {
    return ReplyWire.toWire(Objects.requireNonNull(recall, "recall")).toByteArray();
  }

  /** The CB_RECALL whose wire form is {@code bytes}. */
  public static CbRecall decodeCallback(byte[] bytes) {
    return decode(bytes, "callback", NfsCallbackMsg.parser(), ReplyWire::fromWire);
  }

  /** The wire form of a client's answer to a CB_RECALL. */
  public static byte[] encode(CbRecallReply reply) {
    return ReplyWire.toWire(Objects.requireNonNull(reply, "reply")).toByteArray();
  }

  /** The answer to a CB_RECALL whose wire form is {@code bytes}. */
  public static CbRecallReply decodeCallbackReply(byte[] bytes) {
    return decode(bytes, "callback reply", NfsCallbackReplyMsg.parser(), ReplyWire::fromWire);
  }

  private static <M, R> R decode(byte[] bytes, String kind, Parser<M> parser, Function<M, R> convert) {
    if (bytes == null) {
      throw new NfsDecodeException(NfsStat4.NFS4ERR_BADXDR, "no bytes for a " + kind);
    }
    M message;
    try {
      message = parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new NfsDecodeException(NfsStat4.NFS4ERR_BADXDR,
          "not a " + kind + " message (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
    try {
      return convert.apply(message);
    } catch (NfsDecodeException e) {
      throw e;
    } catch (RuntimeException e) {
      // Not expected: every field is checked. Kept so that decoding throws one type only.
      throw new NfsDecodeException(NfsStat4.NFS4ERR_INVAL, "malformed " + kind + ": " + e, e);
    }
  }
}
