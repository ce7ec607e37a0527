package io.dockercanvas.collector.status;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The collector's version, from the build (a filtered resource), or "dev" when run from an IDE. */
public final class Version {

  private static final String VERSION = load();

  private Version() {}

  public static String current() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/docker-canvas-collector.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "dev");
      return version.startsWith("${") ? "dev" : version;
    } catch (IOException e) {
      return "dev";
    }
  }
}
