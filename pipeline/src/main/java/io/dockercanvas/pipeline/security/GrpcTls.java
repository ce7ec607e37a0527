package io.dockercanvas.pipeline.security;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * grpc-java's Netty TLS for the ingest link, mutual: the collector requires a client certificate
 * signed by its CA, and the agent checks that the collector's certificate is signed by the same CA
 * and names the host it dialled (or --tls-server-name).
 */
public final class GrpcTls {

  private GrpcTls() {}

  /**
   * The collector's side: TLS 1.2+, and a client certificate from {@code files.authority()} is
   * required.
   */
  public static SslContext server(TlsFiles files) {
    try {
      return GrpcSslContexts.forServer(files.certificate().toFile(), files.privateKey().toFile())
          .trustManager(files.authority().toFile())
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls-cert/--tls-key/--tls-ca: " + e.getMessage(), e);
    }
  }

  /**
   * The collector's separate Observer port: TLS 1.2+ with the collector's certificate, no client
   * certificate asked. People and tools reading journeys (grpcurl, {@code canvas observe}) trust
   * the CA and send a token; only agents hold certificates.
   */
  public static SslContext serverWithoutClientCertificate(TlsFiles files) {
    try {
      return GrpcSslContexts.forServer(files.certificate().toFile(), files.privateKey().toFile())
          .clientAuth(ClientAuth.NONE)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls-cert/--tls-key: " + e.getMessage(), e);
    }
  }

  /** A reader's side: trusts the CA, shows no certificate of its own. */
  public static SslContext clientWithoutCertificate(java.nio.file.Path authority) {
    try {
      return GrpcSslContexts.forClient().trustManager(authority.toFile()).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls-ca: " + e.getMessage(), e);
    }
  }

  /** The agent's side. */
  public static SslContext client(TlsFiles files) {
    try {
      return GrpcSslContexts.forClient()
          .keyManager(files.certificate().toFile(), files.privateKey().toFile())
          .trustManager(files.authority().toFile())
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls-cert/--tls-key/--tls-ca: " + e.getMessage(), e);
    }
  }

  /** A channel to the collector: mTLS when files are given, plaintext otherwise. */
  public static ManagedChannel channel(
      String host, int port, Optional<TlsFiles> tls, String serverName) {
    return channel(NettyChannelBuilder.forAddress(host, port), tls, serverName);
  }

  /** The same from a builder the caller prepared (e.g. with the agent's fixed threads). */
  public static ManagedChannel channel(
      NettyChannelBuilder builder, Optional<TlsFiles> tls, String serverName) {
    if (tls.isEmpty()) {
      return builder.usePlaintext().build();
    }
    builder.sslContext(client(tls.get()));
    if (serverName != null && !serverName.isBlank()) {
      builder.overrideAuthority(serverName);
    }
    return builder.build();
  }
}
