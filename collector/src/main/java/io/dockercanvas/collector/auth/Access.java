package io.dockercanvas.collector.auth;

import java.util.Optional;

/**
 * Who may do what. The agents' token ({@code --token}) may do everything: ingest, read, and set
 * trace filters. The viewer token ({@code --viewer-token}), when set, may only read: the page,
 * REST, WebSocket and the Observer API, never Ingest nor a change.
 */
public final class Access {

  /** What a presented credential allows. */
  public enum Role {
    /** The agents' token: everything. */
    FULL,
    /** The viewer token: read only. */
    VIEWER
  }

  private final TokenCheck full;
  private final TokenCheck viewer;

  public Access(String fullToken, Optional<String> viewerToken) {
    this.full = new TokenCheck(fullToken);
    this.viewer = viewerToken.map(TokenCheck::new).orElse(null);
    if (viewerToken.isPresent() && viewerToken.get().equals(fullToken)) {
      throw new IllegalArgumentException(
          "--viewer-token must differ from --token: viewers would get the agents' rights");
    }
  }

  /** The role of a presented token, or empty when it is neither. */
  public Optional<Role> roleOf(String candidate) {
    if (full.matches(candidate)) {
      return Optional.of(Role.FULL);
    }
    if (viewer != null && viewer.matches(candidate)) {
      return Optional.of(Role.VIEWER);
    }
    return Optional.empty();
  }
}
