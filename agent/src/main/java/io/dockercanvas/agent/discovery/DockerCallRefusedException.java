package io.dockercanvas.agent.discovery;

/**
 * A Docker API call the agent's read-only client does not allow; thrown before anything is sent.
 */
public final class DockerCallRefusedException extends SecurityException {

  private static final long serialVersionUID = 1L;

  public DockerCallRefusedException(String message) {
    super(message);
  }
}
