package org.nfs41sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.trace.HeadlessChromium;
import org.nfs41sim.sim.trace.Trace;
import org.nfs41sim.sim.trace.TraceHtml;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.nfs41sim.sim.trace.TraceExports;
import org.nfs41sim.sim.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nfs41sim trace}: what to do with a trace file. */
@Command(
    name = "trace",
    header = "Read a trace file: view it in a browser, or export it for other tools.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    subcommands = {TraceCommand.Export.class, TraceCommand.Html.class},
    description = "Traces are written by 'run --trace FILE', 'replay --trace FILE', 'explore --trace DIR' and 'demo'"
        + " (docs/trace-format.md).")
public final class TraceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw CliErrors.missingSubcommand(spec);
  }

  /** The formats of {@code trace export}. */
  enum Format { text, shiviz, perfetto, mermaid }

  /** Reads a trace; a file cut short gets one warning line on stderr. */
  static Trace read(Path file, PrintWriter err) {
    Trace trace = TraceReader.read(file);
    if (!trace.complete()) {
      err.println("nfs41sim: warning: " + file + " is cut short: read " + trace.events().size()
          + " events, skipped the last " + trace.skippedBytes() + " bytes (an incomplete record), no end record");
      err.flush();
    }
    return trace;
  }

  @Command(
      name = "html",
      header = "Write a trace as one self-contained, interactive HTML page.",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Swim lanes per actor grouped by host, an arrow per message, markers for reboots and violations; zoom"
            + " (+/-, ctrl+wheel) and pan (wheel, drag); filters by client, actor type, message type and file;"
            + " text search; a click shows a message's details and its causal predecessors; 'jump to violation'.",
        "The page needs no network. A trace cut short is shown up to its last whole record, with one warning."
      })
  static final class Html implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A trace file.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.html", required = true, description = "The page to write.")
    Path output;

    @Option(names = "--screenshot", paramLabel = "PNG", description = "Also open the page in headless chromium"
        + " (Debian's /usr/bin/chromium), jump to the first violation and save a 1400x900 screenshot.")
    Path screenshot;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      RunCommand.checkOutput(output, "-o");
      RunCommand.checkOutput(screenshot, "--screenshot");
      if (screenshot != null && !HeadlessChromium.installed()) {
        throw new ConfigError("--screenshot needs Debian's chromium and chromium-driver ("
            + HeadlessChromium.BROWSER + ", " + HeadlessChromium.DRIVER + ")");
      }
      Trace trace = read(file, spec.commandLine().getErr());
      RunCommand.writeText(output, "-o", w -> TraceHtml.write(trace, w));
      spec.commandLine().getOut().println("wrote " + output + " (" + trace.events().size() + " messages)");
      if (screenshot != null) {
        ChromeDriver browser = HeadlessChromium.start(1400, 900);
        try {
          browser.get(output.toAbsolutePath().toUri().toString());
          WebElement jump = browser.findElement(By.id("jump"));
          if (jump.isEnabled()) {
            jump.click();
          }
          Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
        } finally {
          browser.quit();
        }
        spec.commandLine().getOut().println("wrote " + screenshot);
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      header = "Write a trace as text, a ShiViz log, Perfetto JSON or a Mermaid diagram.",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "text: one line per message (id, seconds, Lamport clock, sender -> receiver, cause, summary), markers"
            + " indented. shiviz: a log for ShiViz, with vector clocks derived from send/receive pairs (give ShiViz"
            + " the regular expression in docs/trace-format.md). perfetto: Chrome trace-event JSON, a flow from each"
            + " send to its receive. mermaid: a sequenceDiagram, for at most 200 messages.",
        "Writes to standard output, or to -o FILE. A trace cut short is read up to its last whole record, with"
            + " one warning line; a file that is not a trace is one line and exit 2."
      })
  static final class Export implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "F", required = true,
        description = "text, shiviz, perfetto or mermaid.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write here instead of standard output.")
    Path output;

    @Parameters(index = "0", paramLabel = "FILE", description = "A trace file.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (output != null) {
        RunCommand.checkOutput(output, "-o");
      }
      Trace trace = read(file, spec.commandLine().getErr());
      if (format == Format.mermaid && trace.events().size() > TraceExports.MERMAID_LIMIT) {
        throw new TraceExports.TooLongForMermaid(file + ": " + trace.events().size() + " messages; a Mermaid"
            + " diagram is made for at most " + TraceExports.MERMAID_LIMIT + " (try --format text, shiviz or"
            + " perfetto)");
      }
      if (output == null) {
        PrintWriter out = spec.commandLine().getOut();
        export(trace, out);
        out.flush();
      } else {
        RunCommand.writeText(output, "-o", w -> export(trace, w));
      }
      return 0;
    }

    private void export(Trace trace, Writer out) throws IOException {
      switch (format) {
        case text -> TraceExports.text(trace, out);
        case shiviz -> TraceExports.shiviz(trace, out);
        case perfetto -> TraceExports.perfetto(trace, out);
        case mermaid -> TraceExports.mermaid(trace, out);
        default -> throw new IllegalStateException(format.name());
      }
    }
  }
}
