package org.nfs41sim.protocol.nfs;

import java.util.ArrayList;
import java.util.List;

/** The SEQ4_STATUS_* bits of a SEQUENCE reply's sr_status_flags the model uses (RFC 8881 §18.46.3). */
public final class SequenceFlags {
  private SequenceFlags() {}

  /** The back channel cannot be used: the client should bind a connection to it (BIND_CONN_TO_SESSION). */
  public static final int CB_PATH_DOWN = 0x1;
  /** Some recallable state (a delegation) was revoked; it stays set until the client frees it. */
  public static final int RECALLABLE_STATE_REVOKED = 0x40;
  /** The server restarted and the client has not yet sent RECLAIM_COMPLETE. */
  public static final int RESTART_RECLAIM_NEEDED = 0x100;

  /** The set bits' names, as traces print them. */
  public static List<String> names(int flags) {
    List<String> out = new ArrayList<>();
    if ((flags & CB_PATH_DOWN) != 0) {
      out.add("CB_PATH_DOWN");
    }
    if ((flags & RECALLABLE_STATE_REVOKED) != 0) {
      out.add("RECALLABLE_STATE_REVOKED");
    }
    if ((flags & RESTART_RECLAIM_NEEDED) != 0) {
      out.add("RESTART_RECLAIM_NEEDED");
    }
    return out;
  }
}
