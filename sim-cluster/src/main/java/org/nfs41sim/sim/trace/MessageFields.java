package org.nfs41sim.sim.trace;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nfs41sim.model.server.Server;
import org.nfs41sim.protocol.nfs.CbRecall;
import org.nfs41sim.protocol.nfs.CbRecallReply;
import org.nfs41sim.protocol.nfs.NfsReply;
import org.nfs41sim.protocol.nfs.NfsRequest;
import org.nfs41sim.protocol.nfs.NfsStat4;
import org.nfs41sim.protocol.nfs.StateId;
import org.nfs41sim.sim.runtime.MessageRenderer;

/**
 * What a trace keeps of a message: a type (the NFS operation for RPCs: OPEN, LOCK, ...; REPLY for
 * their answers; CB_RECALL; otherwise the message's class) and its fields as "key=value"
 * strings. Refs, functions and session numbers are left out: they say nothing a reader needs and
 * would make the string table grow with every run.
 */
final class MessageFields {
  /** A message as a type and fields. */
  record Described(String type, List<String> fields) {}

  private MessageFields() {}

  static Described describe(Object message) {
    Object m = unwrap(message);
    List<String> fields = new ArrayList<>();
    if (m instanceof Server.Call call) {
      return request(call.request(), fields);
    }
    if (m instanceof Server.OpenSession open) {
      return request(open.request(), fields);
    }
    if (m instanceof Server.Callback callback) {
      return new Described("CB_RECALL", recallFields(callback.recall(), fields));
    }
    if (m instanceof CbRecall recall) {
      return new Described("CB_RECALL", recallFields(recall, fields));
    }
    if (m instanceof CbRecallReply reply) {
      fields.add("status=" + reply.status().shortName());
      return new Described("CB_RECALL_REPLY", fields);
    }
    if (m instanceof NfsReply reply) {
      fields.add("status=" + reply.status().shortName());
      components((Record) reply, fields, "status");
      return new Described("REPLY", fields);
    }
    if (m instanceof Enum<?> e) {
      return new Described(e.getDeclaringClass().getSimpleName(), fields);
    }
    if (m instanceof Record r) {
      components(r, fields);
      return new Described(r.getClass().getSimpleName(), fields);
    }
    if (m instanceof scala.Product p) {
      return new Described(p.productPrefix(), fields);
    }
    return new Described(m == null ? "null" : typeName(m.getClass()), fields);
  }

  /** A class's simple name, or its full name when it has none (an anonymous class). */
  private static String typeName(Class<?> type) {
    return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
  }

  private static Object unwrap(Object message) {
    return MessageRenderer.payload(message);
  }

  private static Described request(NfsRequest request, List<String> fields) {
    components((Record) request, fields);
    return new Described(operation(request.getClass().getSimpleName()), fields);
  }

  private static List<String> recallFields(CbRecall recall, List<String> fields) {
    fields.add("file=" + recall.file());
    fields.add("stateid=" + recall.stateId());
    return fields;
  }

  /** OpenSession, Lockt, ReclaimComplete -> OPEN_SESSION, LOCKT, RECLAIM_COMPLETE. */
  static String operation(String className) {
    return className.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static void components(Record record, List<String> fields, String... skip) {
    for (RecordComponent c : MessageRenderer.components(record.getClass())) {
      String name = c.getName();
      if (name.equals("clientId") || name.equals("sessionId") || List.of(skip).contains(name)) {
        continue;
      }
      Object value;
      try {
        value = c.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String text = value(value);
      if (text != null) {
        fields.add(name + "=" + text);
      }
    }
  }

  /** A field's value as text, or null when a trace does not keep it. */
  private static String value(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof NfsStat4 status) {
      return status.shortName();
    }
    if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
        || value instanceof Enum<?> || value instanceof StateId) {
      return value.toString();
    }
    if (value instanceof NfsRequest.NewLockOwner o) {
      return "new(" + o.lockOwner() + ", open " + o.openStateId() + ")";
    }
    if (value instanceof NfsRequest.ExistingLockOwner o) {
      return "lock " + o.lockStateId();
    }
    if (value instanceof NfsReply.Delegation d) {
      return d.type() + (d.stateId() == null ? "" : " " + d.stateId()) + (d.recall() ? " recalled" : "");
    }
    if (value instanceof NfsReply.LockDenied d) {
      return d.owner() + " " + d.type() + " " + d.offset() + "+" + d.length();
    }
    if (value instanceof NfsRequest r) {
      return operation(r.getClass().getSimpleName());
    }
    if (value instanceof java.util.Collection<?> c) {
      return c.size() + " items";
    }
    return null; // refs, functions, byte arrays: not kept
  }
}
