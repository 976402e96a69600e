package org.nfs41sim.protocol.nfs;

import java.util.function.Consumer;
import org.nfs41sim.protocol.nfs.wire.LockType4;
import org.nfs41sim.protocol.nfs.wire.OpenClaimType4;
import org.nfs41sim.protocol.nfs.wire.OpenDelegationType4;
import org.nfs41sim.protocol.nfs.wire.StateIdMsg;

/**
 * The values the request and reply converters share: stateids, enums, statuses and strings.
 *
 * <p>Encoding writes what the record holds and leaves a null field unset, wherever it is; it
 * does not judge. Decoding turns an unset field back into null where the record allows one, and
 * refuses it (NfsDecodeException, NFS4ERR_INVAL) where the record needs a value. So a record with
 * a null where its operation needs a value reaches the other side as a decode failure with the
 * status a server answers it with, as the same record handed over locally would be answered.
 */
final class WireValues {
  private WireValues() {}

  // ---- presence and failures ------------------------------------------------------------------

  /** Hands {@code value} to {@code set} unless it is null: null fields stay unset on the wire. */
  static <T> void ifPresent(T value, Consumer<T> set) {
    if (value != null) {
      set.accept(value);
    }
  }

  /** The decode failure for a well-formed message: NFS4ERR_INVAL, naming the field. */
  static NfsDecodeException invalid(String detail) {
    return new NfsDecodeException(NfsStat4.NFS4ERR_INVAL, detail);
  }

  static NfsDecodeException missing(String field) {
    return invalid(field + " is missing");
  }

  // ---- strings --------------------------------------------------------------------------------

  /**
   * A string to set on the wire. Strings with an unpaired surrogate are refused with an
   * IllegalArgumentException: Protobuf would write them as '?', and they would not come back equal.
   */
  static String encodeString(String value, String field) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "cannot encode " + field + ": unpaired surrogate at index " + i);
      }
    }
    return value;
  }

  /** The decoded value of a required string field, {@code present} saying whether it was set. */
  static String decodeString(boolean present, String value, String field) {
    if (!present) {
      throw missing(field);
    }
    return value;
  }

  // ---- stateids -------------------------------------------------------------------------------

  static StateIdMsg encodeStateId(StateId id) {
    return StateIdMsg.newBuilder()
        .setSeqid(id.seqid())
        .setEpoch(id.epoch())
        .setSerial(id.serial())
        .build();
  }

  static StateId decodeStateId(StateIdMsg msg) {
    return new StateId(msg.getSeqid(), msg.getEpoch(), msg.getSerial());
  }

  /** A stateid the record must have; {@code present} says whether the field was set. */
  static StateId decodeRequiredStateId(boolean present, StateIdMsg msg, String field) {
    if (!present) {
      throw missing(field);
    }
    return decodeStateId(msg);
  }

  /** A stateid the record may lack: null when the field was not set. */
  static StateId decodeOptionalStateId(boolean present, StateIdMsg msg) {
    return present ? decodeStateId(msg) : null;
  }

  // ---- nfsstat4 -------------------------------------------------------------------------------

  static NfsStat4 decodeStatus(boolean present, int code, String field) {
    if (!present) {
      throw missing(field);
    }
    NfsStat4 status = NfsStat4.ofCode(code);
    if (status == null) {
      throw invalid(field + " " + Integer.toUnsignedString(code) + " is not an nfsstat4 the model knows");
    }
    return status;
  }

  // ---- share access and deny ------------------------------------------------------------------

  static ShareAccess decodeShareAccess(boolean present, int bits, String field) {
    if (!present) {
      throw missing(field);
    }
    ShareAccess access = ShareAccess.ofBits(bits);
    if (access == null) {
      throw invalid(field + " " + Integer.toUnsignedString(bits) + " is out of range (1 to 3)");
    }
    return access;
  }

  static ShareDeny decodeShareDeny(boolean present, int bits, String field) {
    if (!present) {
      throw missing(field);
    }
    ShareDeny deny = ShareDeny.ofBits(bits);
    if (deny == null) {
      throw invalid(field + " " + Integer.toUnsignedString(bits) + " is out of range (0 to 3)");
    }
    return deny;
  }

  // ---- enums ----------------------------------------------------------------------------------

  /** The wire value of {@code type}; UNSPECIFIED for null. */
  static LockType4 encodeLockType(LockType type) {
    if (type == null) {
      return LockType4.LOCK_TYPE4_UNSPECIFIED;
    }
    return switch (type) {
      case READ_LT -> LockType4.READ_LT;
      case WRITE_LT -> LockType4.WRITE_LT;
      case READW_LT -> LockType4.READW_LT;
      case WRITEW_LT -> LockType4.WRITEW_LT;
    };
  }

  static LockType decodeLockType(int number, String field) {
    LockType4 type = LockType4.forNumber(number);
    if (type == null) {
      throw unknownEnum(number, field);
    }
    return switch (type) {
      case READ_LT -> LockType.READ_LT;
      case WRITE_LT -> LockType.WRITE_LT;
      case READW_LT -> LockType.READW_LT;
      case WRITEW_LT -> LockType.WRITEW_LT;
      case LOCK_TYPE4_UNSPECIFIED, UNRECOGNIZED -> throw unspecified(field);
    };
  }

  /** The wire value of {@code claim}; UNSPECIFIED for null. */
  static OpenClaimType4 encodeClaim(OpenClaimType claim) {
    if (claim == null) {
      return OpenClaimType4.OPEN_CLAIM_TYPE4_UNSPECIFIED;
    }
    return switch (claim) {
      case CLAIM_NULL -> OpenClaimType4.CLAIM_NULL;
      case CLAIM_FH -> OpenClaimType4.CLAIM_FH;
      case CLAIM_PREVIOUS -> OpenClaimType4.CLAIM_PREVIOUS;
      case CLAIM_DELEG_CUR_FH -> OpenClaimType4.CLAIM_DELEG_CUR_FH;
    };
  }

  static OpenClaimType decodeClaim(int number, String field) {
    OpenClaimType4 claim = OpenClaimType4.forNumber(number);
    if (claim == null) {
      throw unknownEnum(number, field);
    }
    return switch (claim) {
      case CLAIM_NULL -> OpenClaimType.CLAIM_NULL;
      case CLAIM_FH -> OpenClaimType.CLAIM_FH;
      case CLAIM_PREVIOUS -> OpenClaimType.CLAIM_PREVIOUS;
      case CLAIM_DELEG_CUR_FH -> OpenClaimType.CLAIM_DELEG_CUR_FH;
      case OPEN_CLAIM_TYPE4_UNSPECIFIED, UNRECOGNIZED -> throw unspecified(field);
    };
  }

  /** The wire value of {@code type}; UNSPECIFIED for null. */
  static OpenDelegationType4 encodeDelegationType(OpenDelegationType type) {
    if (type == null) {
      return OpenDelegationType4.OPEN_DELEGATION_TYPE4_UNSPECIFIED;
    }
    return switch (type) {
      case NONE -> OpenDelegationType4.OPEN_DELEGATE_NONE_EXT;
      case READ -> OpenDelegationType4.OPEN_DELEGATE_READ;
      case WRITE -> OpenDelegationType4.OPEN_DELEGATE_WRITE;
    };
  }

  static OpenDelegationType decodeDelegationType(int number, String field) {
    OpenDelegationType4 type = OpenDelegationType4.forNumber(number);
    if (type == null) {
      throw unknownEnum(number, field);
    }
    return switch (type) {
      case OPEN_DELEGATE_NONE_EXT -> OpenDelegationType.NONE;
      case OPEN_DELEGATE_READ -> OpenDelegationType.READ;
      case OPEN_DELEGATE_WRITE -> OpenDelegationType.WRITE;
      case OPEN_DELEGATION_TYPE4_UNSPECIFIED, UNRECOGNIZED -> throw unspecified(field);
    };
  }

  private static NfsDecodeException unspecified(String field) {
    return invalid(field + " is unspecified");
  }

  private static NfsDecodeException unknownEnum(int number, String field) {
    return invalid(field + " " + number + " is not a known value");
  }
}
