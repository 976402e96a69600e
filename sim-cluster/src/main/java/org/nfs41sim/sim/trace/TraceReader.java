package org.nfs41sim.sim.trace;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nfs41sim.protocol.trace.Event;
import org.nfs41sim.protocol.trace.Header;
import org.nfs41sim.protocol.trace.Marker;
import org.nfs41sim.protocol.trace.TraceRecord;

/**
 * Reads a trace file. A file cut short (a crash while writing) reads up to its last whole record
 * and says how many bytes it skipped; a file that is not a trace, or a record that is whole but
 * does not parse, is a {@link TraceFormatException} naming the byte offset and the record.
 */
public final class TraceReader {
  private TraceReader() {}

  public static Trace read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TraceFormatException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    return read(bytes, file.toString());
  }

  /** Reads {@code bytes}; {@code what} names them in errors. */
  public static Trace read(byte[] bytes, String what) {
    List<String> names = new ArrayList<>();
    List<Trace.Event> events = new ArrayList<>();
    List<Trace.Marker> markers = new ArrayList<>();
    Map<String, Long> clocks = new HashMap<>(); // receiver -> Lamport clock; looked up only
    Map<Long, Long> lamportOf = new HashMap<>();
    Trace.Header header = null;
    String outcome = "";
    String digest = "";
    long id = 0;
    long nanos = 0;
    int offset = 0;
    int index = 0;
    boolean ended = false;
    while (offset < bytes.length) {
      long length = 0;
      int start = offset;
      int shift = 0;
      boolean whole = false;
      while (start < bytes.length) {
        int b = bytes[start++];
        length |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          whole = true;
          break;
        }
        shift += 7;
        if (shift > 28) {
          throw new TraceFormatException(what + ": the length of record " + index + " at byte " + offset
              + " is not a valid varint");
        }
      }
      if (!whole) {
        break; // the length itself is cut short
      }
      if (length > Integer.MAX_VALUE) {
        throw new TraceFormatException(what + ": record " + index + " at byte " + offset + " claims " + length
            + " bytes, more than a trace record can have");
      }
      if (start + length > bytes.length) {
        break; // the record is cut short
      }
      TraceRecord record;
      try {
        record = TraceRecord.parseFrom(CodedInputStream.newInstance(bytes, start, (int) length));
      } catch (IOException e) {
        throw new TraceFormatException(what + ": record " + index + " at byte " + offset + " does not parse ("
            + e.getMessage() + ")");
      }
      if (index == 0 && !record.hasHeader()) {
        throw new TraceFormatException(what + ": not an nfs41sim trace (it does not start with a trace header)");
      }
      switch (record.getRecordCase()) {
        case HEADER -> header = header(record.getHeader(), what, index, offset);
        case NAME -> names.add(record.getName());
        case EVENT -> {
          Event e = record.getEvent();
          id += 1 + Integer.toUnsignedLong(e.getSkipped());
          nanos += e.getTimeDelta();
          if (Long.compareUnsigned(e.getCauseBack(), id - 1) > 0) {
            throw new TraceFormatException(what + ": event " + id + " at byte " + offset + " names a cause "
                + Long.toUnsignedString(e.getCauseBack()) + " events back, before the first event");
          }
          long cause = e.getCauseBack() == 0 ? 0 : id - e.getCauseBack();
          String route = name(names, e.getRoute(), what, offset);
          int arrow = route.indexOf(TraceWriter.ROUTE);
          if (arrow < 0) {
            throw new TraceFormatException(what + ": the event at byte " + offset + " has no route '" + route + "'");
          }
          String sender = route.substring(0, arrow);
          String receiver = route.substring(arrow + TraceWriter.ROUTE.length());
          long lamport = Math.max(clocks.getOrDefault(receiver, 0L), lamportOf.getOrDefault(cause, 0L)) + 1;
          clocks.put(receiver, lamport);
          lamportOf.put(id, lamport);
          List<String> fields = new ArrayList<>(e.getFieldsCount());
          for (int f : e.getFieldsList()) {
            fields.add(name(names, f, what, offset));
          }
          events.add(new Trace.Event(id, nanos, sender, receiver,
              name(names, e.getType(), what, offset), List.copyOf(fields), cause, lamport));
        }
        case MARKER -> {
          Marker m = record.getMarker();
          markers.add(new Trace.Marker(id, name(names, m.getKind(), what, offset), name(names, m.getDetail(), what,
              offset), m.getSubject() == 0 ? "" : name(names, m.getSubject(), what, offset),
              List.copyOf(m.getEventsList())));
        }
        case END -> {
          outcome = record.getEnd().getOutcome();
          digest = record.getEnd().getDigest();
          ended = true;
        }
        default -> throw new TraceFormatException(what + ": record " + index + " at byte " + offset
            + " is of a kind this version does not know");
      }
      offset = start + (int) length;
      index++;
    }
    if (header == null) {
      throw new TraceFormatException(what + ": not an nfs41sim trace (" + (bytes.length == 0 ? "the file is empty"
          : "its header is cut short after " + bytes.length + " bytes") + ")");
    }
    return new Trace(header, events, markers, outcome, digest, bytes.length - offset, ended);
  }

  private static Trace.Header header(Header h, String what, int index, int offset) {
    if (index != 0) {
      throw new TraceFormatException(what + ": record " + index + " at byte " + offset + " is a second header");
    }
    if (!h.getProducer().equals(TraceWriter.PRODUCER) || h.getFormatVersion() != TraceWriter.FORMAT_VERSION) {
      throw new TraceFormatException(what + ": not an nfs41sim trace of format " + TraceWriter.FORMAT_VERSION
          + " (producer '" + h.getProducer() + "', format " + h.getFormatVersion() + ")");
    }
    return new Trace.Header(h.getProducer(), h.getScenario(), h.getVariant(), h.getSeed(), h.getStrategy(),
        h.getVirtualTime());
  }

  private static String name(List<String> names, int id, String what, int offset) {
    if (id == 0) {
      return "";
    }
    if (id > names.size()) {
      throw new TraceFormatException(what + ": the record at byte " + offset + " names string " + id + ", but only "
          + names.size() + " are defined before it");
    }
    return names.get(id - 1);
  }
}
