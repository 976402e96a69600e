package org.nfs41sim.sim.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nfs41sim.model.facts.ClientFact;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.model.facts.ServerFact;
import org.nfs41sim.protocol.trace.End;
import org.nfs41sim.protocol.trace.Event;
import org.nfs41sim.protocol.trace.Header;
import org.nfs41sim.protocol.trace.Marker;
import org.nfs41sim.protocol.trace.TraceRecord;
import org.nfs41sim.sim.oracle.Violation;

/**
 * Writes a trace (docs/trace-format.md): a header, then each delivery as an Event record (ids and
 * times as deltas, strings interned in a table of Name records), markers for the facts that
 * matter to a reader and for violations, and an End record. Every record is written whole, so a
 * crash leaves a file that reads up to its last record. Not thread-safe: one writer per run, on
 * the driver thread.
 */
public final class TraceWriter {
  /** The format this writer produces; a reader refuses any other. */
  public static final int FORMAT_VERSION = 1;
  static final String PRODUCER = "nfs41sim";
  private static final String RUN_PREFIX = "/user/run/";
  /** Between sender and receiver in a route string. */
  static final String ROUTE = " -> ";

  private final OutputStream out;
  private final Map<String, Integer> names = new HashMap<>(); // looked up only, never iterated
  private long lastId;
  private long lastNanos;
  private long events;

  /** Starts a trace on {@code out} (which the caller closes) with its header. */
  public TraceWriter(OutputStream out, String scenario, String variant, long seed, String strategy) {
    this.out = out;
    write(TraceRecord.newBuilder().setHeader(Header.newBuilder().setFormatVersion(FORMAT_VERSION)
        .setProducer(PRODUCER).setScenario(scenario).setVariant(variant).setSeed(seed).setStrategy(strategy)
        .setVirtualTime(true)).build());
  }

  /** One delivery between model actors. */
  public void delivered(long id, long nanos, String sender, String receiver, long cause, Object message) {
    MessageFields.Described d = MessageFields.describe(message);
    Event.Builder e = Event.newBuilder()
        .setSkipped(Math.toIntExact(Math.max(0, id - lastId - 1)))
        .setTimeDelta(nanos - lastNanos)
        .setRoute(name(shorten(sender) + ROUTE + shorten(receiver)))
        .setType(name(d.type()))
        .setCauseBack(cause == 0 ? 0 : id - cause);
    for (String field : d.fields()) {
      e.addFields(name(field));
    }
    write(TraceRecord.newBuilder().setEvent(e).build());
    lastId = id;
    lastNanos = nanos;
    events++;
  }

  /** A fact, as a marker when a reader of the trace needs it. */
  public void fact(Fact fact) {
    if (fact instanceof ServerFact.Rebooted r) {
      marker("REBOOT", "server rebooted: epoch " + r.epoch(), "server", List.of());
    } else if (fact instanceof ServerFact.GraceStarted g) {
      marker("GRACE_START", "grace begins (epoch " + g.epoch() + ")", "server", List.of());
    } else if (fact instanceof ServerFact.GraceEnded g) {
      marker("GRACE_END", "grace ends (epoch " + g.epoch() + (g.early() ? ", early" : "") + ")", "server", List.of());
    } else if (fact instanceof ClientFact.DelegationChanged d) {
      marker("DELEGATION", "delegation " + d.delegation() + " on " + d.file() + " " + d.stateId() + ": " + d.state()
          + (d.flags().isEmpty() ? "" : " " + d.flags()), d.client(), List.of());
    } else if (fact instanceof ClientFact.BitChanged b) {
      marker("CLIENT_BIT", b.bit() + (b.set() ? " set" : " cleared"), b.client(), List.of());
    } else if (fact instanceof ClientFact.ReturnEnded r) {
      marker("RETURN_END", "return of delegation " + r.delegation() + " on " + r.file() + " by " + r.agent()
          + " ended: " + r.result(), r.client(), List.of());
    }
  }

  public void violation(Violation v) {
    marker("VIOLATION", v.kind().label() + ": " + v.description(), "", v.events());
  }

  public void end(String outcome, String digest) {
    write(TraceRecord.newBuilder().setEnd(End.newBuilder().setOutcome(outcome).setDigest(digest)).build());
    flush();
  }

  /** Events written so far. */
  public long events() {
    return events;
  }

  private void marker(String kind, String detail, String subject, List<Long> proof) {
    Marker.Builder m = Marker.newBuilder().setKind(name(kind)).setDetail(name(detail))
        .setSubject(subject.isEmpty() ? 0 : name(subject));
    proof.forEach(m::addEvents);
    write(TraceRecord.newBuilder().setMarker(m).build());
  }

  /** The id of {@code text} in the string table, adding it (with a Name record) on first use. */
  private int name(String text) {
    Integer id = names.get(text);
    if (id != null) {
      return id;
    }
    int next = names.size() + 1;
    names.put(text, next);
    write(TraceRecord.newBuilder().setName(text).build());
    return next;
  }

  private void write(TraceRecord record) {
    try {
      record.writeDelimitedTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shorten(String path) {
    return path.startsWith(RUN_PREFIX) ? path.substring(RUN_PREFIX.length()) : path;
  }
}
