package io.dockercanvas.agent.cli;

import io.dockercanvas.pipeline.cli.BuildVersion;
import picocli.CommandLine.IVersionProvider;

/** The agent's version, from the build (a filtered resource), or "dev" when run from an IDE. */
final class AgentVersion implements IVersionProvider {

  private static final String VERSION =
      BuildVersion.read(AgentVersion.class, "/docker-canvas-agent.properties");

  static String current() {
    return VERSION;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"docker-canvas agent " + VERSION};
  }
}
