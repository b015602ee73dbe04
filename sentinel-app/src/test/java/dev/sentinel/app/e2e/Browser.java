package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.testing.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless chromium driven through Debian's chromedriver, both named explicitly, so
 * Selenium never looks for (or downloads) a browser or a driver of its own. Records every request
 * the page makes (Chrome's performance log) and what it logged to the console.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;
  private final List<Request> requests = new ArrayList<>();
  private final List<String> console = new ArrayList<>();

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A fresh browser (empty profile) with a {@code width}×{@code height} window. */
  static Browser start(int width, int height) throws IOException {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      assertThat(p)
          .as("%s is missing: apt-get install -y chromium chromium-driver (bin/test does)", p)
          .isExecutable();
    }
    Path profile = Files.createTempDirectory("sentinel-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // As root, in a closed network: no sandbox, and none of Chromium's own traffic.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  void open(String url) {
    driver.get(url);
  }

  /**
   * Runs {@code script} in the page ({@code arguments[i]} are {@code args}) and returns its value.
   */
  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** A request, and the URL of the document that made it (for a navigation: the URL itself). */
  record Request(String url, String document) {}

  /**
   * Every URL requested so far by the pages of {@code origin} (e.g. {@code http://127.0.0.1:9465}),
   * not by the browser's own pages (its new-tab page).
   */
  List<String> requestsBy(String origin) {
    drainLogs();
    return requests.stream()
        .filter(r -> r.document().startsWith(origin + "/"))
        .map(Request::url)
        .toList();
  }

  /** Every console message at SEVERE (script errors, blocked loads, CSP violations) so far. */
  List<String> consoleErrors() {
    drainLogs();
    return List.copyOf(console);
  }

  private void drainLogs() {
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      Map<String, Object> message =
          Json.object(Json.object(Json.parse(e.getMessage())).get("message"));
      if ("Network.requestWillBeSent".equals(message.get("method"))) {
        Map<String, Object> params = Json.object(message.get("params"));
        requests.add(
            new Request(
                (String) Json.object(params.get("request")).get("url"),
                (String) params.get("documentURL")));
      }
    }
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        console.add(e.getMessage());
      }
    }
  }

  /**
   * The viewport of a phone {@code width} CSS pixels wide (mobile: the page's meta viewport
   * applies).
   */
  void emulatePhone(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
  }

  void stopEmulating() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** A PNG of the whole page, not just the viewport. */
  void screenshot(Path file) throws IOException {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    Map<String, Object> clip =
        Map.of(
            "x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
