package org.nfs41sim.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.protocol.trace.Event;
import org.nfs41sim.protocol.trace.Header;
import org.nfs41sim.protocol.trace.TraceRecord;
import org.nfs41sim.sim.scenario.ScenarioFiles;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.world.DeterministicSystem;

/** A trace reads back as written, and a file cut at any byte reads up to its last whole record. */
class TraceFileTest {
  /** A run small enough to cut at every byte: one client, one process, one section, no reboot. */
  private static final List<String> SMALL = List.of("nfs41sim.workload.clients=1",
      "nfs41sim.workload.processes-per-client=1", "nfs41sim.workload.sections=1",
      "nfs41sim.workload.locks-per-section=1", "nfs41sim.faults.random-reboots=0",
      "nfs41sim.faults.targeted-reboots=0");

  private static byte[] small;
  private static byte[] violating;

  @BeforeAll
  static void record() {
    ScenarioRun.Spec spec = new ScenarioRun.Spec("deleg-return-reboot", ScenarioFiles.load("deleg-return-reboot", SMALL),
        ClientVariant.FIXED, "random", 3);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DeterministicSystem system = DeterministicSystem.create("trace")) {
      ScenarioRun.run(system, spec, a, false, null);
      ScenarioRun.run(system, spec.withScenarioConfig(ScenarioFiles.load("deleg-return-reboot", List.of()))
          .withVariant(ClientVariant.LEGACY).withSeed(242), b, false, null);
    }
    small = a.toByteArray();
    violating = b.toByteArray();
  }

  @Test
  void aTraceReadsBackWithItsHeaderEventsMarkersAndEnd() {
    Trace trace = TraceReader.read(violating, "t");

    assertThat(trace.header().variant()).isEqualTo("legacy");
    assertThat(trace.header().seed()).isEqualTo(242);
    assertThat(trace.events()).extracting(Trace.Event::id)
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, trace.events().size()).boxed().toList());
    assertThat(trace.events()).allSatisfy(e -> assertThat(e.cause()).isLessThan(e.id()));
    assertThat(trace.events()).anyMatch(e -> e.type().equals("OPEN") && "CLAIM_DELEG_CUR_FH".equals(e.field("claim")));
    assertThat(trace.markers()).anyMatch(m -> m.kind().equals("VIOLATION") && !m.events().isEmpty());
    assertThat(trace.outcome()).contains("deadlock");
    assertThat(trace.skippedBytes()).isZero();
  }

  @Test
  void lamportClocksGrowAlongEverySendAndAtEveryReceiver() {
    Trace trace = TraceReader.read(violating, "t");
    java.util.Map<Long, Trace.Event> byId = trace.byId();
    java.util.Map<String, Long> last = new java.util.HashMap<>();

    for (Trace.Event e : trace.events()) {
      if (e.cause() != 0) {
        assertThat(e.lamport()).isGreaterThan(byId.get(e.cause()).lamport());
      }
      assertThat(e.lamport()).isGreaterThan(last.getOrDefault(e.receiver(), 0L));
      last.put(e.receiver(), e.lamport());
    }
  }

  @Test
  void aFileCutAtAnyByteReadsItsWholeRecordsAndSaysWhatItSkipped() {
    Trace whole = TraceReader.read(small, "whole");
    assertThat(whole.complete()).isTrue();
    int headerEnd = headerLength(small);
    assertThat(small.length).as("small enough to cut everywhere").isLessThan(40_000);

    for (int cut = 0; cut < small.length; cut++) {
      byte[] part = Arrays.copyOf(small, cut);
      if (cut < headerEnd) {
        assertThatThrownBy(() -> TraceReader.read(part, "part")).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("not an nfs41sim trace");
        continue;
      }
      Trace read = TraceReader.read(part, "part");
      assertThat(read.complete()).as("cut at %d", cut).isFalse();
      assertThat(read.events()).isEqualTo(whole.events().subList(0, read.events().size()));
      assertThat(read.skippedBytes()).isBetween(0L, (long) cut - headerEnd);
      assertThat(read.markers()).isEqualTo(whole.markers().subList(0, read.markers().size()));
    }
  }

  private static int headerLength(byte[] bytes) {
    return 1 + (bytes[0] & 0x7f); // a one-byte length: the header is short
  }

  @Test
  void aFileThatIsNotATraceIsRefusedWithWhatWasRead() {
    byte[] text = "not a trace at all, just text\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> TraceReader.read(text, "notes.txt")).isInstanceOf(TraceFormatException.class)
        .hasMessageStartingWith("notes.txt: ");
    assertThatThrownBy(() -> TraceReader.read(new byte[0], "empty")).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aRecordNamingAStringNotYetDefinedIsCorruptAtItsOffset() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRecord.newBuilder().setHeader(Header.newBuilder().setFormatVersion(1).setProducer("nfs41sim")).build()
        .writeDelimitedTo(out);
    int offset = out.size();
    TraceRecord.newBuilder().setEvent(Event.newBuilder().setRoute(7)).build().writeDelimitedTo(out);

    assertThatThrownBy(() -> TraceReader.read(out.toByteArray(), "x.trace")).isInstanceOf(TraceFormatException.class)
        .hasMessage("x.trace: the record at byte " + offset + " names string 7, but only 0 are defined before it");
  }

  @Test
  void aLengthThatIsNoVarintOrTooLargeIsCorruptNotCut() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRecord.newBuilder().setHeader(Header.newBuilder().setFormatVersion(1).setProducer("nfs41sim")).build()
        .writeDelimitedTo(out);
    byte[] header = out.toByteArray();
    byte[] overLong = Arrays.copyOf(header, header.length + 11);
    Arrays.fill(overLong, header.length, overLong.length, (byte) 0xff);
    byte[] huge = Arrays.copyOf(header, header.length + 5);
    System.arraycopy(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, 0, huge, header.length, 5);

    assertThatThrownBy(() -> TraceReader.read(overLong, "a")).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("not a valid varint");
    assertThatThrownBy(() -> TraceReader.read(huge, "b")).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("claims");
  }

  @Test
  void aCauseBeforeTheFirstEventIsCorrupt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRecord.newBuilder().setHeader(Header.newBuilder().setFormatVersion(1).setProducer("nfs41sim")).build()
        .writeDelimitedTo(out);
    TraceRecord.newBuilder().setName("a -> b").build().writeDelimitedTo(out);
    TraceRecord.newBuilder().setEvent(Event.newBuilder().setRoute(1).setCauseBack(5)).build().writeDelimitedTo(out);

    assertThatThrownBy(() -> TraceReader.read(out.toByteArray(), "c")).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("before the first event");
  }

  @Test
  void aTraceOfAnotherFormatIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRecord.newBuilder().setHeader(Header.newBuilder().setFormatVersion(9).setProducer("nfs41sim")).build()
        .writeDelimitedTo(out);

    assertThatThrownBy(() -> TraceReader.read(out.toByteArray(), "v9")).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("format 9");
  }

  @Test
  void aTraceCostsFewBytesPerEvent() {
    Trace trace = TraceReader.read(violating, "t");

    assertThat((double) violating.length / trace.events().size()).isLessThan(24.0);
  }

}
