package org.nfs41sim.sim.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import org.nfs41sim.model.facts.Fact;
import org.nfs41sim.sim.oracle.Violation;
import org.nfs41sim.sim.runtime.MessageRenderer;

/**
 * The text event log of a run (docs/search.md, "The text event log"): a header, one line per
 * delivery ({@code e<id> <seconds> <sender> -> <receiver> [<cause>] <message>}), each fact
 * indented under the delivery during which it was reported, then the violations and the outcome.
 */
final class TextLog {
  private static final String RUN_PREFIX = "/user/run/";
  private final Writer out;
  private final MessageRenderer renderer = new MessageRenderer(ref -> shorten(ref.path().toStringWithoutAddress()));

  TextLog(Writer out, String header) {
    this.out = out;
    line("# nfs41sim text event log, version 1");
    line("# " + header);
  }

  void delivered(long event, long nanos, String sender, String receiver, long cause, Object message) {
    line(String.format(Locale.ROOT, "e%d %.6f %s -> %s [e%d] %s", event, nanos / 1e9, shorten(sender),
        shorten(receiver), cause, renderer.render(message)));
  }

  void fact(Fact fact) {
    line("    fact " + renderer.render(fact));
  }

  void violation(Violation v) {
    line("violation " + v);
  }

  void end(String outcome) {
    line("end " + outcome);
  }

  private void line(String text) {
    try {
      out.write(text);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shorten(String path) {
    return path.startsWith(RUN_PREFIX) ? path.substring(RUN_PREFIX.length()) : path;
  }
}
