package io.dockercanvas.collector.server;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.rest.HttpSettings;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.pipeline.security.TlsFiles;
import java.util.Optional;

/**
 * Where the collector listens and with which token. Both HTTP and gRPC need the token whenever
 * either listens beyond loopback: together they expose and accept the cluster's traffic. With
 * {@code tls} the gRPC port speaks mutual TLS only: every client needs a certificate signed by its
 * CA.
 */
public record ServerSettings(
    ListenAddress http,
    ListenAddress grpc,
    Optional<String> token,
    Optional<TlsFiles> tls,
    CoreSettings core) {

  public ServerSettings(
      ListenAddress http, ListenAddress grpc, Optional<String> token, CoreSettings core) {
    this(http, grpc, token, Optional.empty(), core);
  }

  public ServerSettings {
    token = token.filter(t -> !t.isBlank());
    if (!grpc.loopback() && token.isEmpty()) {
      throw new IllegalArgumentException(
          "--grpc "
              + grpc
              + " is reachable from other machines: start with"
              + " --token <secret> (agents then send it) or listen on 127.0.0.1");
    }
    new HttpSettings(http, token); // the same rule for HTTP, with its own message
  }

  HttpSettings httpSettings() {
    return new HttpSettings(http, token);
  }
}
