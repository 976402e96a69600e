package org.nfs41sim.sim.trace;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver (packages chromium and chromium-driver), started headless
 * through Selenium. Both paths are given, so Selenium never looks for or downloads a browser or a
 * driver, and the browser is told not to reach the network on its own.
 */
public final class HeadlessChromium {
  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Whether both are installed. */
  public static boolean installed() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  /** A new headless browser of the given window size; the caller quits it. */
  public static ChromeDriver start(int width, int height) {
    // Selenium warns that it has no DevTools bindings for this browser version; nothing here uses them.
    java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-background-networking",
        "--disable-component-update", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }
}
