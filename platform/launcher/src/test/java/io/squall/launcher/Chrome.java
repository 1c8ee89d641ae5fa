package io.squall.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through chromedriver, with the flags this machine needs (root: no sandbox; closed
 * network: no background networking; a fresh profile each time). Missing browser: the test is skipped on a
 * developer's machine and fails in CI ({@code SQUALL_CI} set), where .ci/run installs it.
 */
final class Chrome {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chrome() {
  }

  static void requireBrowser() {
    requireTool(BROWSER, "chromium", "apt-get install -y chromium chromium-driver");
    requireTool(DRIVER, "chromedriver", "apt-get install -y chromium chromium-driver");
  }

  /** A tool a test needs: skipped without it on a developer's machine, a failure in CI ({@code SQUALL_CI}). */
  static void requireTool(Path tool, String name, String install) {
    boolean present = Files.isExecutable(tool);
    if (!present && System.getenv("SQUALL_CI") != null) {
      throw new AssertionError("this test needs " + name + " at " + tool + " (" + install + "); .ci/run installs it");
    }
    Assumptions.assumeTrue(present, "no " + name + " here (" + install + ")");
  }

  static ChromeDriver start() throws IOException {
    Path profile = Files.createTempDirectory("squall-chrome-");
    ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1100,800", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort().withTimeout(Duration.ofSeconds(30)).build();
    return new ChromeDriver(service, options);
  }
}
