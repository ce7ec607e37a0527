package io.dockercanvas.pipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * A jar's version as its build wrote it: a properties resource holding {@code
 * version=${project.version}} that Maven filters. Run from classes nobody filtered (an IDE), there
 * is no number to tell, and it says {@value #DEV}.
 */
public final class BuildVersion {

  public static final String DEV = "dev";

  private BuildVersion() {}

  /**
   * The {@code version} in {@code resource} (an absolute resource name) next to {@code owner}'s
   * classes.
   */
  public static String read(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        return DEV;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").strip();
      return version.isEmpty() || version.startsWith("${") ? DEV : version;
    } catch (IOException e) {
      return DEV;
    }
  }
}
