package io.dockercanvas.collector.cli;

import io.dockercanvas.pipeline.security.GrpcTls;
import io.dockercanvas.pipeline.security.TlsFiles;
import io.dockercanvas.proto.v1.GetJourneysRequest;
import io.dockercanvas.proto.v1.GetJourneysResponse;
import io.dockercanvas.proto.v1.ObserverGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code observe}'s channel to a collector's Observer: plaintext, TLS trusting a CA (what an {@code
 * --observer-grpc} port wants), or mutual TLS with a client certificate (the main gRPC port of a
 * TLS collector); the token as "authorization: Bearer" metadata.
 */
final class ObserverConnection implements AutoCloseable {

  private final String address;
  private final ManagedChannel channel;
  private final ObserverGrpc.ObserverBlockingStub observer;

  private ObserverConnection(String address, ManagedChannel channel, Optional<String> token) {
    this.address = address;
    this.channel = channel;
    Metadata headers = new Metadata();
    token
        .filter(t -> !t.isBlank())
        .ifPresent(
            t ->
                headers.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + t));
    this.observer =
        ObserverGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** A failed stream, or one ended by an interrupt (Ctrl-C), which is no failure. */
  static final class StreamFailure extends RuntimeException {
    private final int exit;
    private final boolean interrupted;

    StreamFailure(int exit, String message, boolean interrupted) {
      super(message);
      this.exit = exit;
      this.interrupted = interrupted;
    }

    int exit() {
      return exit;
    }

    boolean interrupted() {
      return interrupted;
    }
  }

  static ObserverConnection open(ObserveCommand options) throws ObserveCommand.Failure {
    String text = options.collector == null ? "" : options.collector.trim();
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = -1;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      // said below
    }
    if (host.isEmpty() || port < 1 || port > 65_535) {
      throw new ObserveCommand.Failure(
          2,
          "--collector: '"
              + options.collector
              + "' is not HOST:PORT of the collector's gRPC port, such as 127.0.0.1:9090");
    }
    Optional<String> token;
    try {
      token = options.token.token();
    } catch (IllegalArgumentException e) {
      throw new ObserveCommand.Failure(2, e.getMessage());
    }
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port);
    try {
      if (options.tlsCert != null || options.tlsKey != null) {
        if (options.tlsCert == null || options.tlsKey == null || options.tlsCa == null) {
          throw new ObserveCommand.Failure(
              2, "--tls-cert and --tls-key go together, and with --tls-ca");
        }
        builder.sslContext(
            GrpcTls.client(new TlsFiles(options.tlsCert, options.tlsKey, options.tlsCa)));
      } else if (options.tlsCa != null) {
        builder.sslContext(GrpcTls.clientWithoutCertificate(options.tlsCa));
      } else {
        builder.usePlaintext();
      }
    } catch (IllegalArgumentException e) {
      throw new ObserveCommand.Failure(2, e.getMessage());
    }
    if (options.tlsServerName != null && !options.tlsServerName.isBlank()) {
      builder.overrideAuthority(options.tlsServerName);
    }
    String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    return new ObserverConnection(address, builder.build(), token);
  }

  /** The stream's items; a failure comes out of the iterator as a {@link StreamFailure}. */
  Iterator<GetJourneysResponse> journeys(GetJourneysRequest request) {
    Iterator<GetJourneysResponse> items;
    try {
      items = observer.getJourneys(request);
    } catch (StatusRuntimeException e) {
      throw failure(e);
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return items.hasNext();
        } catch (StatusRuntimeException e) {
          throw failure(e);
        }
      }

      @Override
      public GetJourneysResponse next() {
        try {
          return items.next();
        } catch (StatusRuntimeException e) {
          throw failure(e);
        }
      }
    };
  }

  private StreamFailure failure(StatusRuntimeException e) {
    Status status = e.getStatus();
    if (status.getCode() == Status.Code.CANCELLED && Thread.currentThread().isInterrupted()) {
      return new StreamFailure(0, "interrupted", true);
    }
    String detail =
        status.getCode()
            + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          new StreamFailure(
              1,
              "cannot reach the collector at "
                  + address
                  + ": "
                  + detail
                  + ". Is it running? Give its gRPC address with --collector HOST:PORT"
                  + " (and --tls-ca FILE for a TLS collector)",
              false);
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          new StreamFailure(
              2,
              "the collector at "
                  + address
                  + " refused the request: "
                  + detail
                  + ". Give its token with --token, --token-file or CANVAS_TOKEN",
              false);
      case INVALID_ARGUMENT ->
          new StreamFailure(2, "the collector at " + address + " refused: " + detail, false);
      default ->
          new StreamFailure(
              1, "the stream from the collector at " + address + " failed: " + detail, false);
    };
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
