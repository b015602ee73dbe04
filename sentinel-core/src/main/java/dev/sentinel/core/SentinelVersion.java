package dev.sentinel.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, from the filtered {@code version.properties}. */
public final class SentinelVersion {
  private static final String VERSION = load();

  private SentinelVersion() {}

  public static String get() {
    return VERSION;
  }

  public static String userAgent() {
    return "Sentinel/" + VERSION;
  }

  private static String load() {
    try (InputStream in = SentinelVersion.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
