package org.nfs41sim.sim.oracle;

import java.util.Map;
import java.util.TreeMap;
import org.nfs41sim.model.facts.ClientFact;

/**
 * What the applications have open and which call each is in, from their OpStarted and OpReturned
 * facts: a successful open gives a descriptor, a close gives one back when it starts.
 */
final class AppView {
  private final Map<String, Integer> descriptors = new TreeMap<>(); // client|process|file
  private final Map<String, String> calling = new TreeMap<>();     // client|process -> file of the call

  void started(ClientFact.OpStarted s) {
    calling.put(s.client() + "|" + s.process(), s.file());
    if (s.op().equals("close")) {
      descriptors.computeIfPresent(key(s.client(), s.process(), s.file()), (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  void returned(ClientFact.OpReturned r) {
    calling.remove(r.client() + "|" + r.process());
    if (r.op().startsWith("open(") && r.result().equals("0")) {
      descriptors.merge(key(r.client(), r.process(), r.file()), 1, Integer::sum);
    }
  }

  /** How many descriptors of {@code file} the process has open. */
  int open(String client, String process, String file) {
    return descriptors.getOrDefault(key(client, process, file), 0);
  }

  /** Whether the process is in a call on {@code file} (an open, a lock, an unlock or a close under way). */
  boolean busyWith(String client, String process, String file) {
    return file.equals(calling.get(client + "|" + process));
  }

  private static String key(String client, String process, String file) {
    return client + "|" + process + "|" + file;
  }
}
