package org.nfs41sim.sim.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The interactive viewer: one self-contained HTML page (viewer/viewer.html, no network) with the
 * trace embedded as JSON. Swim lanes per actor grouped by host, arrows for messages, markers for
 * reboots and violations, zoom and pan, filters, search, details with causal predecessors.
 *
 * <p>Every string from the trace reaches the page as JSON data: '<' is written as {@code
 * \u003c}, so nothing in a trace can close the script element, and the page puts strings into the
 * document only as text, never as markup.
 */
public final class TraceHtml {
  private static final String PLACEHOLDER = "/*TRACE_DATA*/";

  private TraceHtml() {}

  public static void write(Trace trace, Writer out) throws IOException {
    String page = template();
    int at = page.indexOf(PLACEHOLDER);
    out.write(page, 0, at);
    out.write(json(trace).replace("<", "\\u003c"));
    out.write(page, at + PLACEHOLDER.length(), page.length() - at - PLACEHOLDER.length());
  }

  private static String template() {
    try (InputStream in = TraceHtml.class.getClassLoader().getResourceAsStream("viewer/viewer.html")) {
      if (in == null) {
        throw new IllegalStateException("viewer/viewer.html is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What kind of actor a lane is, for the actor-type filter. */
  static String kind(String actor) {
    int dot = actor.indexOf('.');
    if (dot < 0) {
      return actor;
    }
    String[] path = actor.substring(dot + 1).split("/");
    if (path.length == 0 || path[0].isEmpty()) {
      return "other";
    }
    String last = path[path.length - 1];
    if (last.startsWith("$")) {
      return "return";
    }
    if (path[0].equals("nfsd")) {
      return "server";
    }
    if (last.equals("nfs")) {
      return "nfs client";
    }
    if (last.matches(".*-p\\d+")) {
      return "process";
    }
    return last;
  }

  static String json(Trace trace) throws IOException {
    TreeSet<String> actors = new TreeSet<>(Comparator.comparing((String a) -> !TraceExports.host(a).equals("server"))
        .thenComparing(TraceExports::host).thenComparing(Comparator.naturalOrder()));
    for (Trace.Event e : trace.events()) {
      actors.add(e.sender());
      actors.add(e.receiver());
    }
    Map<String, Integer> lane = new HashMap<>();
    List<String> lanes = new ArrayList<>(actors);
    for (int i = 0; i < lanes.size(); i++) {
      lane.put(lanes.get(i), i);
    }
    Interned types = new Interned();
    Interned summaries = new Interned();
    Interned fields = new Interned();
    Summaries summary = new Summaries(trace);
    StringWriter text = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
      g.writeStartObject();
      Trace.Header h = trace.header();
      g.writeObjectFieldStart("header");
      g.writeStringField("scenario", h.scenario());
      g.writeStringField("variant", h.variant());
      g.writeNumberField("seed", h.seed());
      g.writeStringField("strategy", h.strategy());
      g.writeStringField("outcome", trace.outcome());
      g.writeEndObject();
      g.writeArrayFieldStart("lanes");
      for (String a : lanes) {
        g.writeStartObject();
        g.writeStringField("name", a);
        g.writeStringField("host", TraceExports.host(a));
        g.writeStringField("kind", kind(a));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("events");
      for (Trace.Event e : trace.events()) {
        g.writeStartArray();
        g.writeNumber(e.id());
        g.writeNumber(e.timeNanos());
        g.writeNumber(lane.get(e.sender()));
        g.writeNumber(lane.get(e.receiver()));
        g.writeNumber(types.id(e.type()));
        g.writeNumber(e.cause());
        g.writeNumber(e.lamport());
        g.writeNumber(summaries.id(summary.of(e)));
        g.writeStartArray();
        for (String f : e.fields()) {
          g.writeNumber(fields.id(f));
        }
        g.writeEndArray();
        g.writeEndArray();
      }
      g.writeEndArray();
      strings(g, "types", types);
      strings(g, "summaries", summaries);
      strings(g, "fields", fields);
      g.writeArrayFieldStart("markers");
      for (Trace.Marker m : trace.markers()) {
        g.writeStartObject();
        g.writeNumberField("at", m.atEvent());
        g.writeStringField("kind", m.kind());
        g.writeStringField("detail", m.detail());
        TraceExports.subjectAndEvents(g, m);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return text.toString();
  }

  private static void strings(JsonGenerator g, String name, Interned table) throws IOException {
    g.writeArrayFieldStart(name);
    for (String s : table.values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  /** A string table: each distinct string once, in order of first use. */
  private static final class Interned {
    final List<String> values = new ArrayList<>();
    final Map<String, Integer> ids = new HashMap<>(); // looked up only

    int id(String s) {
      return ids.computeIfAbsent(s, k -> {
        values.add(k);
        return values.size() - 1;
      });
    }
  }
}
