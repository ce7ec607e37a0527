package io.dockercanvas.agent.netns;

import java.io.IOException;

/** A namespace file could not be entered: gone, not (yet) a namespace, or not permitted. */
public final class NamespaceUnavailableException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Why entering failed; the watcher retries only a file that was not yet a namespace. */
  public enum Reason {
    /** The file vanished before it could be opened. */
    GONE,
    /**
     * The file is not a network namespace (Docker creates the file before it bind-mounts one on
     * it).
     */
    NOT_A_NAMESPACE,
    /** Anything else, e.g. EPERM without CAP_SYS_ADMIN. */
    FAILED
  }

  private final Reason reason;

  public NamespaceUnavailableException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
