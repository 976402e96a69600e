package org.nfs41sim.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.config.ConfigError;
import org.nfs41sim.sim.scenario.ScenarioFiles;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.trace.HeadlessChromium;
import org.nfs41sim.sim.trace.Trace;
import org.nfs41sim.sim.trace.TraceHtml;
import org.nfs41sim.sim.trace.TraceReader;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nfs41sim bench viewer}: how fast the viewer opens and redraws a large trace. */
@Command(
    name = "viewer",
    header = "Measure how fast the viewer opens and redraws a trace of over 100 000 messages.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Records the trace of 'bench trace' (deleg-return-reboot scaled up, --set overrides), writes its page,"
          + " and opens it --repeats times in headless chromium (Debian's /usr/bin/chromium through"
          + " /usr/bin/chromedriver): the time from navigation to the first full render, as the page measures it,"
          + " and the time of a redraw after a zoom and after a pan (10 of each per opening).",
      "Prints the medians."
    })
final class BenchViewerCommand implements Callable<Integer> {
  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting after the scale-up.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", converter = PositiveInt.class,
      description = "Page openings (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!HeadlessChromium.installed()) {
      throw new ConfigError("bench viewer needs Debian's chromium and chromium-driver (" + HeadlessChromium.BROWSER
          + ", " + HeadlessChromium.DRIVER + ")");
    }
    List<String> all = new ArrayList<>(BenchTraceCommand.SCALE);
    all.addAll(sets);
    ScenarioRun.Spec run = new ScenarioRun.Spec("deleg-return-reboot", ScenarioFiles.load("deleg-return-reboot", all),
        ClientVariant.FIXED, "random", 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DeterministicSystem system = DeterministicSystem.create("bench-viewer")) {
      ScenarioRun.run(system, run, bytes, false, null);
    }
    Trace trace = TraceReader.read(bytes.toByteArray(), "bench");
    Path page = Files.createTempFile("nfs41sim-viewer", ".html");
    try (Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
      TraceHtml.write(trace, w);
    }
    PrintWriter out = spec.commandLine().getOut();
    long size = Files.size(page);
    double[] open = new double[repeats];
    List<Double> zooms = new ArrayList<>();
    List<Double> pans = new ArrayList<>();
    ChromeDriver browser = HeadlessChromium.start(1400, 900);
    try {
      for (int i = 0; i < repeats; i++) {
        browser.get(page.toUri().toString());
        JavascriptExecutor js = browser;
        open[i] = ((Number) js.executeScript("return window.nfs41simReadyAt;")).doubleValue();
        for (int k = 0; k < 10; k++) {
          @SuppressWarnings("unchecked")
          Map<String, Number> took = (Map<String, Number>) js.executeScript("return window.nfs41simBench();");
          zooms.add(took.get("zoom").doubleValue());
          pans.add(took.get("pan").doubleValue());
        }
      }
    } finally {
      browser.quit();
      Files.deleteIfExists(page);
    }
    out.printf(Locale.ROOT, "messages: %d, page: %d bytes%n", trace.events().size(), size);
    out.printf(Locale.ROOT, "open to first render: %.0f ms (median of %d)%n", BenchTraceCommand.median(open), repeats);
    out.printf(Locale.ROOT, "redraw after a zoom: %.1f ms, after a pan: %.1f ms (medians of %d)%n",
        BenchTraceCommand.median(zooms.stream().mapToDouble(Double::doubleValue).toArray()),
        BenchTraceCommand.median(pans.stream().mapToDouble(Double::doubleValue).toArray()), zooms.size());
    return 0;
  }
}
