package io.dockercanvas.collector.rest;

import io.dockercanvas.pipeline.security.PemFiles;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the HTTP server listens and its tokens; a token is required unless it listens on loopback
 * only. {@code viewerToken} may only read (see {@link io.dockercanvas.collector.auth.Access});
 * {@code tls} makes the port HTTPS and the login cookie {@code Secure}. {@code recordingOnly}: the
 * collector serves a recording, not a cluster ({@code demo --open}, e.g. in a container), so it may
 * listen beyond loopback without a token.
 */
public record HttpSettings(
    ListenAddress listen,
    Optional<String> token,
    Optional<String> viewerToken,
    Optional<Tls> tls,
    boolean recordingOnly) {

  public HttpSettings(ListenAddress listen, Optional<String> token) {
    this(listen, token, Optional.empty(), Optional.empty());
  }

  public HttpSettings(
      ListenAddress listen,
      Optional<String> token,
      Optional<String> viewerToken,
      Optional<Tls> tls) {
    this(listen, token, viewerToken, tls, false);
  }

  public HttpSettings {
    token = token.filter(t -> !t.isBlank());
    viewerToken = viewerToken.filter(t -> !t.isBlank());
    if (!listen.loopback() && token.isEmpty() && !recordingOnly) {
      throw new IllegalArgumentException(
          "--listen "
              + listen
              + " is reachable from other machines: start with"
              + " --token <secret> (or listen on 127.0.0.1) so only people with the token see the cluster's traffic");
    }
    if (viewerToken.isPresent() && token.isEmpty()) {
      throw new IllegalArgumentException(
          "--viewer-token needs --token: without a token everything is open and a read-only token"
              + " would limit nothing");
    }
  }

  /** The page's certificate chain and its PKCS#8 key (PEM), each checked when made. */
  public record Tls(Path certificate, Path privateKey) {

    public Tls {
      PemFiles.certificates(certificate, "--http-tls-cert");
      PemFiles.privateKey(privateKey, "--http-tls-key");
    }

    /** None, or both: one without the other is an error naming the missing option. */
    public static Optional<Tls> fromOptions(Path certificate, Path privateKey) {
      if (certificate == null && privateKey == null) {
        return Optional.empty();
      }
      if (certificate == null || privateKey == null) {
        throw new IllegalArgumentException(
            "--http-tls-cert and --http-tls-key go together: missing "
                + (certificate == null ? "--http-tls-cert" : "--http-tls-key"));
      }
      return Optional.of(new Tls(certificate, privateKey));
    }
  }
}
