package io.dockercanvas.agent.discovery;

/**
 * The engine could not be read: socket unreachable, an error status, or a body that is not JSON.
 */
public final class DockerEngineException extends Exception {

  private static final long serialVersionUID = 1L;

  public DockerEngineException(String message) {
    super(message);
  }

  public DockerEngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
