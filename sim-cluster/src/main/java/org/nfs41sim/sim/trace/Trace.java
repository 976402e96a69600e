package org.nfs41sim.sim.trace;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace as read back: its header, events in id order, markers, and how it ended. {@code
 * skippedBytes} is how much of a file cut short could not be read; {@code complete} says whether
 * the file has its end record (a file cut between two records skips nothing but has none).
 */
public record Trace(Header header, List<Event> events, List<Marker> markers, String outcome, String digest,
    long skippedBytes, boolean complete) {

  public record Header(String producer, String scenario, String variant, long seed, String strategy,
      boolean virtualTime) {}

  /**
   * One delivery. {@code cause} is the event during which the message was sent (0: none);
   * {@code lamport} is derived on reading: one more than the larger of the receiver's clock and
   * the cause's.
   */
  public record Event(long id, long timeNanos, String sender, String receiver, String type, List<String> fields,
      long cause, long lamport) {

    /** The value of field {@code key}, or null. */
    public String field(String key) {
      String prefix = key + "=";
      for (String f : fields) {
        if (f.startsWith(prefix)) {
          return f.substring(prefix.length());
        }
      }
      return null;
    }
  }

  /** Something reported during event {@code atEvent} (0: before the first). */
  public record Marker(long atEvent, String kind, String detail, String subject, List<Long> events) {}

  public Trace {
    events = List.copyOf(events);
    markers = List.copyOf(markers);
  }

  /** The events by id. */
  public Map<Long, Event> byId() {
    Map<Long, Event> out = new TreeMap<>();
    events.forEach(e -> out.put(e.id(), e));
    return out;
  }
}
