package org.nfs41sim.sim.script;

import java.util.List;
import org.nfs41sim.protocol.nfs.NfsStat4;

/**
 * How a script client answers CB_RECALL (RFC 8881 §20.2): {@code ok} replies NFS4_OK and does
 * nothing else, {@code return} replies NFS4_OK and then sends DELEGRETURN for the recalled
 * stateid, {@code ignore} never replies, {@code reply STATUS} replies that status.
 */
record CallbackPolicy(Kind kind, NfsStat4 status) {
  /** The four policies. */
  enum Kind { OK, RETURN, IGNORE, REPLY }

  static final CallbackPolicy OK = new CallbackPolicy(Kind.OK, NfsStat4.NFS4_OK);

  /** The forms a script may write. */
  static final List<String> FORMS = List.of("ok", "return", "ignore", "reply STATUS");

  /** The policy {@code text} names, or null. */
  static CallbackPolicy parse(String text) {
    String t = text.strip();
    switch (t) {
      case "ok":
        return OK;
      case "return":
        return new CallbackPolicy(Kind.RETURN, NfsStat4.NFS4_OK);
      case "ignore":
        return new CallbackPolicy(Kind.IGNORE, null);
      default:
        break;
    }
    if (t.startsWith("reply ")) {
      NfsStat4 status = Statuses.parse(t.substring("reply ".length()).strip());
      return status == null ? null : new CallbackPolicy(Kind.REPLY, status);
    }
    return null;
  }

  @Override
  public String toString() {
    return kind == Kind.REPLY ? "reply " + status.shortName() : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
