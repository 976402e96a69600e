package org.nfs41sim.sim.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A trace written for other tools: plain text, ShiViz, Perfetto (Chrome trace events), Mermaid. */
public final class TraceExports {
  /** The most messages a Mermaid diagram is made for: it is meant for short counterexamples. */
  public static final int MERMAID_LIMIT = 200;

  /** The regular expression to give ShiViz for {@link #shiviz} logs (docs/trace-format.md). */
  public static final String SHIVIZ_REGEX = "(?<event>.*)\\n(?<host>\\S*) (?<clock>\\{.*\\})";

  private TraceExports() {}

  /** One line per event (id, seconds, Lamport clock, sender -> receiver, cause, summary), markers indented. */
  public static void text(Trace trace, Writer out) throws IOException {
    Summaries summaries = new Summaries(trace);
    Trace.Header h = trace.header();
    out.write("# trace of scenario " + h.scenario() + ", variant " + h.variant() + ", seed " + h.seed() + ", strategy "
        + h.strategy() + "\n");
    Map<Long, List<Trace.Marker>> markers = markersByEvent(trace);
    for (Trace.Marker m : markers.getOrDefault(0L, List.of())) {
      out.write("    " + marker(m) + "\n");
    }
    for (Trace.Event e : trace.events()) {
      out.write(String.format(Locale.ROOT, "e%d %.6f L%d %s -> %s%s: %s%n", e.id(), e.timeNanos() / 1e9,
          e.lamport(), oneLine(e.sender()), oneLine(e.receiver()), e.cause() == 0 ? "" : " (e" + e.cause() + ")",
          summaries.of(e)));
      for (Trace.Marker m : markers.getOrDefault(e.id(), List.of())) {
        out.write("    " + marker(m) + "\n");
      }
    }
    if (!trace.outcome().isEmpty()) {
      out.write("end " + trace.outcome() + ", digest " + trace.digest() + "\n");
    }
  }

  /**
   * A ShiViz log: per event a description line, then the receiving actor and its vector clock as
   * JSON. Clocks come from send/receive pairs: a receive merges the clock its sender had when it
   * sent (the clock after the cause event), then ticks the receiver's own entry.
   */
  public static void shiviz(Trace trace, Writer out) throws IOException {
    Summaries summaries = new Summaries(trace);
    Map<String, Map<String, Long>> clocks = new TreeMap<>();   // actor -> its vector clock
    Map<Long, Map<String, Long>> after = new TreeMap<>();      // event id -> receiver's clock after it
    JsonFactory json = new JsonFactory();
    for (Trace.Event e : trace.events()) {
      Map<String, Long> clock = new TreeMap<>(clocks.getOrDefault(e.receiver(), Map.of()));
      Map<String, Long> sent = after.get(e.cause());
      if (sent != null) {
        sent.forEach((actor, t) -> clock.merge(actor, t, Math::max));
      }
      clock.merge(e.receiver(), 1L, Long::sum);
      clocks.put(e.receiver(), clock);
      after.put(e.id(), clock);
      out.write("e" + e.id() + " " + summaries.of(e) + "\n");
      out.write(e.receiver().replaceAll("\\s", "_") + " ");
      try (JsonGenerator g = json.createGenerator(out)) {
        g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        g.writeStartObject();
        for (Map.Entry<String, Long> c : clock.entrySet()) {
          g.writeNumberField(c.getKey(), c.getValue());
        }
        g.writeEndObject();
      }
      out.write("\n");
    }
  }

  /**
   * Chrome trace-event JSON for Perfetto: a process per host, a thread per actor, each event a
   * slice on its receiver's thread, a flow from the slice that sent it (id = the event's id), and
   * an instant for every marker. The time axis is the event order, one microsecond per event, so
   * that no two slices of a thread overlap and every flow binds to the slice it belongs to (many
   * events share a virtual instant); each slice's args carry its virtual time.
   */
  public static void perfetto(Trace trace, Writer out) throws IOException {
    Summaries summaries = new Summaries(trace);
    Map<String, Integer> pids = new LinkedHashMap<>();
    Map<String, Integer> tids = new LinkedHashMap<>();
    for (Trace.Event e : trace.events()) {
      for (String actor : List.of(e.sender(), e.receiver())) {
        pids.computeIfAbsent(host(actor), h -> pids.size() + 1);
        tids.computeIfAbsent(actor, a -> tids.size() + 1);
      }
    }
    Map<Long, Trace.Event> byId = trace.byId();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeStringField("displayTimeUnit", "ns");
      g.writeArrayFieldStart("traceEvents");
      for (Map.Entry<String, Integer> p : pids.entrySet()) {
        meta(g, "process_name", p.getValue(), 0, p.getKey());
      }
      for (Map.Entry<String, Integer> t : tids.entrySet()) {
        meta(g, "thread_name", pids.get(host(t.getKey())), t.getValue(), t.getKey());
      }
      for (Trace.Event e : trace.events()) {
        int pid = pids.get(host(e.receiver()));
        int tid = tids.get(e.receiver());
        g.writeStartObject();
        g.writeStringField("name", summaries.of(e));
        g.writeStringField("cat", e.type());
        g.writeStringField("ph", "X");
        g.writeNumberField("ts", e.id());
        g.writeNumberField("dur", 1);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        g.writeNumberField("event", e.id());
        g.writeNumberField("cause", e.cause());
        g.writeNumberField("lamport", e.lamport());
        g.writeNumberField("virtual_ns", e.timeNanos());
        g.writeStringField("from", e.sender());
        g.writeArrayFieldStart("fields");
        for (String f : e.fields()) {
          g.writeString(f);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        Trace.Event cause = byId.get(e.cause());
        if (cause != null) {
          flow(g, "s", e.id(), cause.id() + 0.5, pids.get(host(cause.receiver())), tids.get(cause.receiver()));
          flow(g, "f", e.id(), e.id() + 0.5, pid, tid);
        }
      }
      for (Trace.Marker m : trace.markers()) {
        long atId = placed(m);
        Trace.Event at = byId.get(atId);
        String actor = at == null ? "" : at.receiver();
        g.writeStartObject();
        g.writeStringField("name", m.kind() + ": " + m.detail());
        g.writeStringField("cat", "marker");
        g.writeStringField("ph", "i");
        g.writeStringField("s", "g");
        g.writeNumberField("ts", atId);
        g.writeNumberField("pid", pids.getOrDefault(host(actor), 0));
        g.writeNumberField("tid", tids.getOrDefault(actor, 0));
        g.writeObjectFieldStart("args");
        subjectAndEvents(g, m);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write("\n");
  }

  /** Thrown when a trace is too long for a Mermaid diagram. */
  public static final class TooLongForMermaid extends RuntimeException {
    public TooLongForMermaid(String message) {
      super(message);
    }
  }

  /** A Mermaid sequenceDiagram: a participant per actor, an arrow per message, a note per marker. */
  public static void mermaid(Trace trace, Writer out) throws IOException {
    if (trace.events().size() > MERMAID_LIMIT) {
      throw new TooLongForMermaid("the trace has " + trace.events().size() + " messages; a Mermaid diagram is made"
          + " for at most " + MERMAID_LIMIT + " (use --format text, shiviz or perfetto, or trace html)");
    }
    Summaries summaries = new Summaries(trace);
    Map<String, String> ids = new LinkedHashMap<>();
    for (Trace.Event e : trace.events()) {
      ids.computeIfAbsent(e.sender(), a -> "a" + (ids.size() + 1));
      ids.computeIfAbsent(e.receiver(), a -> "a" + (ids.size() + 1));
    }
    out.write("sequenceDiagram\n");
    for (Map.Entry<String, String> p : ids.entrySet()) {
      out.write("    participant " + p.getValue() + " as " + mermaidText(p.getKey()) + "\n");
    }
    Map<Long, List<Trace.Marker>> markers = new TreeMap<>();
    for (Trace.Marker m : trace.markers()) {
      markers.computeIfAbsent(placed(m), k -> new ArrayList<>()).add(m);
    }
    String first = ids.isEmpty() ? null : ids.values().iterator().next();
    for (Trace.Marker m : markers.getOrDefault(0L, List.of())) {
      if (first != null) {
        out.write("    Note over " + first + ": " + mermaidText(m.kind() + " " + m.detail()) + "\n");
      }
    }
    for (Trace.Event e : trace.events()) {
      out.write("    " + ids.get(e.sender()) + "->>" + ids.get(e.receiver()) + ": " + mermaidText(summaries.of(e)) + "\n");
      for (Trace.Marker m : markers.getOrDefault(e.id(), List.of())) {
        out.write("    Note over " + ids.get(e.receiver()) + ": " + mermaidText(m.kind() + " " + m.detail()) + "\n");
      }
    }
  }

  /**
   * Text for a Mermaid label: one line, and the characters Mermaid reads as syntax written as its
   * entity codes ('#' starts one, ';' ends a statement, '<' and '>' would be markup).
   */
  static String mermaidText(String s) {
    String t = s.replaceAll("\\p{Cntrl}", " ");
    t = t.length() > 100 ? t.substring(0, 97) + "..." : t;
    StringBuilder b = new StringBuilder(t.length());
    for (char c : t.toCharArray()) {
      switch (c) {
        case '#' -> b.append("#35;");
        case ';' -> b.append("#59;");
        case '<' -> b.append("#lt;");
        case '>' -> b.append("#gt;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A marker's subject and proving events as two JSON fields. */
  static void subjectAndEvents(JsonGenerator g, Trace.Marker m) throws IOException {
    g.writeStringField("subject", m.subject());
    g.writeArrayFieldStart("events");
    for (long id : m.events()) {
      g.writeNumber(id);
    }
    g.writeEndArray();
  }

  /** Where a marker belongs: a violation at the last event that proves it, others where reported. */
  static long placed(Trace.Marker m) {
    return m.events().isEmpty() ? m.atEvent() : m.events().stream().mapToLong(Long::longValue).max().getAsLong();
  }

  private static Map<Long, List<Trace.Marker>> markersByEvent(Trace trace) {
    Map<Long, List<Trace.Marker>> out = new TreeMap<>();
    for (Trace.Marker m : trace.markers()) {
      out.computeIfAbsent(m.atEvent(), k -> new ArrayList<>()).add(m);
    }
    return out;
  }

  private static String marker(Trace.Marker m) {
    return (m.kind() + (m.subject().isEmpty() ? "" : " " + m.subject()) + ": " + m.detail()
        + (m.events().isEmpty() ? "" : " (events " + m.events() + ")")).replaceAll("\\p{Cntrl}", " ");
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\p{Cntrl}", " ");
  }

  /** {@code c1.nfs/state-manager} runs on host c1; {@code harness} on its own. */
  static String host(String actor) {
    int dot = actor.indexOf('.');
    return dot < 0 ? actor : actor.substring(0, dot);
  }

  private static void meta(JsonGenerator g, String name, int pid, int tid, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ph", "M");
    g.writeNumberField("pid", pid);
    g.writeNumberField("tid", tid);
    g.writeObjectFieldStart("args");
    g.writeStringField("name", value);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void flow(JsonGenerator g, String phase, long id, double ts, int pid, int tid) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", "message");
    g.writeStringField("cat", "message");
    g.writeStringField("ph", phase);
    g.writeNumberField("id", id);
    g.writeNumberField("ts", ts);
    g.writeNumberField("pid", pid);
    g.writeNumberField("tid", tid);
    if (phase.equals("f")) {
      g.writeStringField("bp", "e");
    }
    g.writeEndObject();
  }
}
