package org.nfs41sim.sim.trace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Short readable summaries derived from an event's type and fields, never stored: for an RPC its
 * operation and main arguments and the status of its reply, e.g. {@code OPEN CLAIM_DELEG_CUR_FH
 * f1 -> OK}; for other messages their type and fields.
 */
public final class Summaries {
  private static final List<String> RPC_FIELDS =
      List.of("claim", "file", "access", "type", "reclaim", "offset", "length", "owner", "locker", "delegStateId");

  private final Map<Long, Trace.Event> replyTo = new HashMap<>(); // request id -> its reply; looked up only

  public Summaries(Trace trace) {
    for (Trace.Event e : trace.events()) {
      if (e.cause() != 0 && (e.type().equals("REPLY") || e.type().equals("CB_RECALL_REPLY"))) {
        replyTo.putIfAbsent(e.cause(), e);
      }
    }
  }

  public String of(Trace.Event e) {
    String type = e.type().isEmpty() ? "?" : e.type();
    StringBuilder b = new StringBuilder(type);
    boolean rpc = Character.isUpperCase(type.charAt(0)) && type.equals(type.toUpperCase(java.util.Locale.ROOT));
    if (rpc && !e.type().endsWith("REPLY")) {
      for (String key : RPC_FIELDS) {
        String v = e.field(key);
        if (v != null && !(key.equals("reclaim") && v.equals("false"))) {
          b.append(' ').append(key.equals("reclaim") ? "reclaim" : v);
        }
      }
      Trace.Event reply = replyTo.get(e.id());
      if (reply != null) {
        b.append(" -> ").append(reply.field("status"));
      }
    } else {
      for (String f : e.fields()) {
        b.append(' ').append(f);
      }
    }
    String s = b.toString().replaceAll("\\p{Cntrl}", " "); // one line, whatever a field holds
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
