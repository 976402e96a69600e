package org.nfs41sim.protocol.nfs;

import java.util.Objects;

/**
 * Bytes that {@link NfsCodec} cannot turn into a record, with the nfsstat4 a server would answer
 * them with: {@link NfsStat4#NFS4ERR_BADXDR} for bytes that are not a message at all (truncated,
 * garbage), {@link NfsStat4#NFS4ERR_INVAL} for a well-formed message that lacks a required field
 * or holds a value out of range. The message is one line and names the field.
 */
public final class NfsDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final NfsStat4 status;

  public NfsDecodeException(NfsStat4 status, String detail) {
    this(status, detail, null);
  }

  public NfsDecodeException(NfsStat4 status, String detail, Throwable cause) {
    super(Objects.requireNonNull(status, "status").name() + ": " + oneLine(detail), cause);
    this.status = status;
  }

  /** The status to answer the bytes with: NFS4ERR_BADXDR or NFS4ERR_INVAL. */
  public NfsStat4 status() {
    return status;
  }

  private static String oneLine(String detail) {
    return String.valueOf(detail).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
