package io.dockercanvas.collector.rest;

import java.util.Optional;

/**
 * Where the HTTP server listens and its token; a token is required unless it listens on loopback
 * only.
 */
public record HttpSettings(ListenAddress listen, Optional<String> token) {

  public HttpSettings {
    token = token.filter(t -> !t.isBlank());
    if (!listen.loopback() && token.isEmpty()) {
      throw new IllegalArgumentException(
          "--listen "
              + listen
              + " is reachable from other machines: start with"
              + " --token <secret> (or listen on 127.0.0.1) so only people with the token see the cluster's traffic");
    }
  }
}
