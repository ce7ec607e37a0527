package io.dockercanvas.collector.server;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.rest.HttpSettings;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.pipeline.security.TlsFiles;
import java.util.Optional;

/**
 * Where the collector listens and with which tokens. Both HTTP and gRPC need the token whenever
 * either listens beyond loopback: together they expose and accept the cluster's traffic. The
 * optional viewer token may only read (page, REST, WebSocket, Observer), never ingest. With {@code
 * tls} the gRPC port speaks TLS only, and Ingest takes only clients with a certificate signed by
 * its CA. {@code observerGrpc} is a second gRPC port for readers only (Observer, reflection,
 * health): with {@code tls} it speaks TLS without asking for a client certificate, so people and
 * tools need the CA and a token, never the agents' certificates. {@code httpTls} makes the page's
 * port HTTPS.
 */
public record ServerSettings(
    ListenAddress http,
    ListenAddress grpc,
    Optional<String> token,
    Optional<String> viewerToken,
    Optional<TlsFiles> tls,
    Optional<HttpSettings.Tls> httpTls,
    Optional<ListenAddress> observerGrpc,
    CoreSettings core,
    boolean recordingOnly) {

  public ServerSettings(
      ListenAddress http,
      ListenAddress grpc,
      Optional<String> token,
      Optional<String> viewerToken,
      Optional<TlsFiles> tls,
      Optional<HttpSettings.Tls> httpTls,
      Optional<ListenAddress> observerGrpc,
      CoreSettings core) {
    this(http, grpc, token, viewerToken, tls, httpTls, observerGrpc, core, false);
  }

  public ServerSettings(
      ListenAddress http,
      ListenAddress grpc,
      Optional<String> token,
      Optional<String> viewerToken,
      Optional<TlsFiles> tls,
      Optional<HttpSettings.Tls> httpTls,
      CoreSettings core) {
    this(http, grpc, token, viewerToken, tls, httpTls, Optional.empty(), core);
  }

  public ServerSettings(
      ListenAddress http, ListenAddress grpc, Optional<String> token, CoreSettings core) {
    this(http, grpc, token, Optional.empty(), core);
  }

  public ServerSettings(
      ListenAddress http,
      ListenAddress grpc,
      Optional<String> token,
      Optional<TlsFiles> tls,
      CoreSettings core) {
    this(http, grpc, token, Optional.empty(), tls, Optional.empty(), core);
  }

  public ServerSettings {
    token = token.filter(t -> !t.isBlank());
    viewerToken = viewerToken.filter(t -> !t.isBlank());
    if (!grpc.loopback() && token.isEmpty()) {
      throw new IllegalArgumentException(
          "--grpc "
              + grpc
              + " is reachable from other machines: start with"
              + " --token <secret> (agents then send it) or listen on 127.0.0.1");
    }
    if (observerGrpc.isPresent() && !observerGrpc.get().loopback() && token.isEmpty()) {
      throw new IllegalArgumentException(
          "--observer-grpc "
              + observerGrpc.get()
              + " is reachable from other machines: start with --token <secret>"
              + " (and --viewer-token for people) or listen on 127.0.0.1");
    }
    if (recordingOnly && !grpc.loopback()) {
      throw new IllegalArgumentException("a recording's collector keeps gRPC on loopback");
    }
    // the same rules for HTTP, with their own messages
    new HttpSettings(http, token, viewerToken, httpTls, recordingOnly);
  }

  HttpSettings httpSettings() {
    return new HttpSettings(http, token, viewerToken, httpTls, recordingOnly);
  }
}
