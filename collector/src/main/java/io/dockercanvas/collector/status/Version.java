package io.dockercanvas.collector.status;

import io.dockercanvas.pipeline.cli.BuildVersion;

/** The collector's version, from the build (a filtered resource), or "dev" when run from an IDE. */
public final class Version {

  private static final String VERSION =
      BuildVersion.read(Version.class, "/docker-canvas-collector.properties");

  private Version() {}

  public static String current() {
    return VERSION;
  }
}
