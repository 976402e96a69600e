package org.nfs41sim.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nfs41sim.model.client.ClientVariant;
import org.nfs41sim.sim.scenario.ScenarioFiles;
import org.nfs41sim.sim.scenario.ScenarioRun;
import org.nfs41sim.sim.world.DeterministicSystem;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The viewer in a real browser (Debian's chromium, headless, through Selenium): lanes and the
 * violation marker render, a filter hides lanes, a click shows causal predecessors, and nothing
 * from a trace runs as script. Under CI=true a missing browser fails the test; elsewhere it skips.
 */
class ViewerBrowserTest {
  private static ChromeDriver browser;
  private static Path page;

  @BeforeAll
  static void open() throws IOException {
    if (!HeadlessChromium.installed()) {
      String why = "Debian's chromium and chromium-driver are not installed (" + HeadlessChromium.BROWSER + ", "
          + HeadlessChromium.DRIVER + "); .ci/run installs them";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    ScenarioRun.Spec legacy = new ScenarioRun.Spec("deleg-return-reboot",
        ScenarioFiles.load("deleg-return-reboot", List.of()), ClientVariant.LEGACY, "random", 242);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DeterministicSystem system = DeterministicSystem.create("viewer")) {
      ScenarioRun.run(system, legacy, bytes, false, null);
    }
    Files.createDirectories(Path.of("target"));
    page = Path.of("target", "viewer-test.html").toAbsolutePath();
    try (Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
      TraceHtml.write(TraceReader.read(bytes.toByteArray(), "run"), w);
    }
    browser = HeadlessChromium.start(1400, 900);
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  private static List<WebElement> lanes() {
    return browser.findElements(By.cssSelector("#lanes .lane"));
  }

  @Test
  void lanesAndTheViolationRenderAndAClientFilterHidesItsLanes() throws IOException {
    browser.get(page.toUri().toString());
    assertThat(browser.findElement(By.tagName("body")).getAttribute("data-ready")).isEqualTo("1");
    int all = lanes().size();
    assertThat(all).isGreaterThan(10);
    assertThat(browser.findElements(By.cssSelector("#violations li.violation")))
        .anyMatch(li -> li.getText().startsWith("deadlock: drain@c1 held by state-manager@c1"));
    Files.write(Path.of("target", "viewer.png"), browser.getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.cssSelector("#clients input[data-value='c3']")).click();

    assertThat(lanes()).hasSizeLessThan(all).noneMatch(l -> l.getText().contains("c3."));
    assertThat(lanes()).anyMatch(l -> l.getText().contains("c1.nfs"));
  }

  @Test
  void jumpingToTheViolationShowsItsMessageAndCausalPredecessors() {
    browser.get(page.toUri().toString());

    browser.findElement(By.id("jump")).click();

    String details = browser.findElement(By.id("details")).getText();
    assertThat(details).contains("Causal predecessors");
    assertThat(browser.findElements(By.cssSelector("#details .pred"))).isNotEmpty();
  }

  @Test
  void aRedrawAfterAZoomOrAPanTakesLessThanATenthOfASecond() {
    browser.get(page.toUri().toString());

    @SuppressWarnings("unchecked")
    java.util.Map<String, Number> took = (java.util.Map<String, Number>) ((JavascriptExecutor) browser)
        .executeScript("return window.nfs41simBench();");

    assertThat(took.get("zoom").doubleValue()).isLessThan(100);
    assertThat(took.get("pan").doubleValue()).isLessThan(100);
  }

  @Test
  void aTraceWithMarkupInItsNamesShowsItAsTextAndRunsNoScript() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TraceWriter w = new TraceWriter(bytes, "<script>window.pwned=1</script>", "x\"><img src=x onerror=window.pwned=2>",
        1, "random");
    w.delivered(1, 10, "/user/run/c1.<b>evil</b>", "/user/run/server.nfsd", 0,
        new org.nfs41sim.model.client.NfsClient.Schedule(org.nfs41sim.model.client.ClientBit.SESSION_RESET));
    w.violation(new org.nfs41sim.sim.oracle.Violation(org.nfs41sim.sim.oracle.Violation.Kind.STUCK,
        "</script><script>window.pwned=3</script>", List.of(1L), 10));
    w.end("end", "00");
    Path evil = Path.of("target", "viewer-escaping.html").toAbsolutePath();
    try (Writer out = Files.newBufferedWriter(evil, StandardCharsets.UTF_8)) {
      TraceHtml.write(TraceReader.read(bytes.toByteArray(), "evil"), out);
    }

    browser.get(evil.toUri().toString());

    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined;")).isEqualTo(true);
    assertThat(browser.findElement(By.id("title")).getText()).contains("<script>window.pwned=1</script>");
    assertThat(browser.findElements(By.cssSelector("#violations li.violation")))
        .anyMatch(li -> li.getText().contains("</script><script>window.pwned=3</script>"));
    assertThat(lanes()).anyMatch(l -> l.getText().contains("c1.<b>evil</b>"));
  }
}
