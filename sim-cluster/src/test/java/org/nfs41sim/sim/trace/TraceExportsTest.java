package org.nfs41sim.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.scenario.ScenarioFiles;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.world.DeterministicSystem;

/** Each export is what its tool loads: the structure each format requires, checked on a real run. */
class TraceExportsTest {
  private static Trace violating;
  private static Trace small;

  @BeforeAll
  static void record() {
    ScenarioRun.Spec legacy = new ScenarioRun.Spec("deleg-return-reboot",
        ScenarioFiles.load("deleg-return-reboot", List.of()), ClientVariant.LEGACY, "random", 242);
    ScenarioRun.Spec tiny = legacy.withVariant(ClientVariant.FIXED).withSeed(3).withScenarioConfig(
        ScenarioFiles.load("deleg-return-reboot", List.of("nfs41sim.workload.clients=1",
            "nfs41sim.workload.processes-per-client=1", "nfs41sim.workload.sections=1",
            "nfs41sim.faults.random-reboots=0", "nfs41sim.faults.targeted-reboots=0")));
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DeterministicSystem system = DeterministicSystem.create("exports")) {
      ScenarioRun.run(system, legacy, a, false, null);
      ScenarioRun.run(system, tiny, b, false, null);
    }
    violating = TraceReader.read(a.toByteArray(), "violating");
    small = TraceReader.read(b.toByteArray(), "small");
  }

  @Test
  void theShivizLogParsesWithItsRegexAndEveryReceiveDominatesItsSend() throws IOException {
    StringWriter out = new StringWriter();
    TraceExports.shiviz(violating, out);
    Matcher m = Pattern.compile(TraceExports.SHIVIZ_REGEX).matcher(out.toString());
    ObjectMapper json = new ObjectMapper();
    Map<Long, Map<String, Long>> clockOf = new HashMap<>();
    int parsed = 0;

    while (m.find()) {
      Trace.Event e = violating.events().get(parsed++);
      assertThat(m.group("event")).startsWith("e" + e.id() + " ");
      assertThat(m.group("host")).isEqualTo(e.receiver());
      Map<String, Long> clock = json.readValue(m.group("clock"),
          json.getTypeFactory().constructMapType(Map.class, String.class, Long.class));
      clockOf.put(e.id(), clock);
      Map<String, Long> sent = clockOf.get(e.cause());
      if (sent != null) {
        sent.forEach((actor, t) -> assertThat(clock.getOrDefault(actor, 0L)).as("e%d over e%d", e.id(), e.cause())
            .isGreaterThanOrEqualTo(t));
        assertThat(clock).isNotEqualTo(sent);
      }
    }

    assertThat(parsed).isEqualTo(violating.events().size());
  }

  @Test
  void thePerfettoJsonHasTheRequiredFieldsAndEveryFlowStartHasItsEnd() throws IOException {
    StringWriter out = new StringWriter();
    TraceExports.perfetto(violating, out);
    JsonNode events = new ObjectMapper().readTree(out.toString()).get("traceEvents");
    Set<Long> starts = new HashSet<>();
    Set<Long> ends = new HashSet<>();
    int slices = 0;

    for (Iterator<JsonNode> it = events.elements(); it.hasNext(); ) {
      JsonNode e = it.next();
      assertThat(e.has("ph") && e.has("pid") && e.has("name")).as(e.toString()).isTrue();
      switch (e.get("ph").asText()) {
        case "X" -> {
          slices++;
          assertThat(e.has("ts") && e.has("dur") && e.has("tid")).isTrue();
        }
        case "s" -> starts.add(e.get("id").asLong());
        case "f" -> {
          ends.add(e.get("id").asLong());
          assertThat(e.get("bp").asText()).isEqualTo("e");
        }
        default -> { }
      }
    }

    assertThat(slices).isEqualTo(violating.events().size());
    assertThat(starts).isNotEmpty().isEqualTo(ends);
    // Binding: a thread's slices never overlap, and each flow point lies inside exactly one slice
    // of its thread (the sender's slice for a start, the receiver's for an end).
    Map<String, List<double[]>> byThread = new HashMap<>();
    for (JsonNode e : events) {
      if (e.get("ph").asText().equals("X")) {
        byThread.computeIfAbsent(e.get("pid") + "/" + e.get("tid"), k -> new java.util.ArrayList<>())
            .add(new double[] {e.get("ts").asDouble(), e.get("ts").asDouble() + e.get("dur").asDouble()});
      }
    }
    for (JsonNode e : events) {
      String ph = e.get("ph").asText();
      if (ph.equals("s") || ph.equals("f")) {
        double ts = e.get("ts").asDouble();
        assertThat(byThread.get(e.get("pid") + "/" + e.get("tid")).stream().filter(s -> s[0] <= ts && ts < s[1]))
            .as("flow %s %s", ph, e.get("id")).hasSize(1);
      }
    }
    assertThat(out.toString()).contains("\"name\":\"VIOLATION: deadlock");
  }

  @Test
  void aShortTraceBecomesAMermaidSequenceDiagramAndALongOneIsRefused() throws IOException {
    StringWriter out = new StringWriter();
    TraceExports.mermaid(small, out);
    List<String> lines = out.toString().lines().toList();

    assertThat(lines.get(0)).isEqualTo("sequenceDiagram");
    assertThat(lines).filteredOn(l -> l.contains("->>")).hasSize(small.events().size());
    assertThat(lines).filteredOn(l -> l.startsWith("    participant ")).isNotEmpty();
    assertThat(lines).noneMatch(l -> l.indexOf(';') >= 0 && !l.contains("#"));
    assertThat(TraceExports.mermaidText("a<b>;#c\r\nd")).isEqualTo("a#lt;b#gt;#59;#35;c  d");
    assertThat(violating.events()).hasSizeGreaterThan(TraceExports.MERMAID_LIMIT);
    assertThatThrownBy(() -> TraceExports.mermaid(violating, new StringWriter()))
        .isInstanceOf(TraceExports.TooLongForMermaid.class).hasMessageContaining("200");
  }

  @Test
  void oddNamesAndEmptyTypesStillExportOnOneLineEach() throws IOException {
    Trace.Event odd = new Trace.Event(1, 0, "a./", "b\rc", "", List.of("k=v\nw"), 0, 1);
    Trace trace = new Trace(small.header(), List.of(odd), List.of(), "", "", 0, false);
    StringWriter text = new StringWriter();
    StringWriter html = new StringWriter();

    TraceExports.text(trace, text);
    TraceHtml.write(trace, html);

    assertThat(text.toString().lines().filter(l -> l.startsWith("e1 "))).singleElement().asString()
        .endsWith(": ? k=v w");
    assertThat(TraceHtml.kind("a./")).isEqualTo("other");
    assertThat(html.toString()).contains("\"kind\":\"other\"");
  }

  @Test
  void theTextHasALinePerEventWithItsSummaryAndTheMarkers() throws IOException {
    StringWriter out = new StringWriter();
    TraceExports.text(violating, out);
    String text = out.toString();

    assertThat(text.lines().filter(l -> l.matches("e\\d+ .*"))).hasSize(violating.events().size());
    assertThat(text).containsPattern("c\\d\\.nfs -> server\\.nfsd \\(e\\d+\\): OPEN CLAIM_DELEG_CUR_FH f\\d .* -> OK");
    assertThat(text).contains("REBOOT server: server rebooted: epoch 2").contains("VIOLATION: deadlock");
  }
}
