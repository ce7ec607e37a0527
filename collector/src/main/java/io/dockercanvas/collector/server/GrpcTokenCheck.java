package io.dockercanvas.collector.server;

import io.dockercanvas.collector.auth.FailedAttempts;
import io.dockercanvas.collector.auth.TokenCheck;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * gRPC calls (agents' ingest and Observer clients) must carry "authorization: Bearer <token>"
 * metadata. Wrong tokens count against the caller's address; past the limit its calls are refused,
 * still UNAUTHENTICATED, without looking at the token.
 */
final class GrpcTokenCheck implements ServerInterceptor {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final TokenCheck token;
  private final FailedAttempts failures;

  GrpcTokenCheck(String token, FailedAttempts failures) {
    this.token = new TokenCheck(token);
    this.failures = failures;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String client = client(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    Duration wait = failures.waitFor(client);
    if (!wait.isZero()) {
      return refuse(
          call,
          "too many wrong tokens from "
              + client
              + ": try again in "
              + FailedAttempts.seconds(wait)
              + " s");
    }
    String given = headers.get(AUTHORIZATION);
    if (given == null || !given.startsWith(BEARER)) {
      return refuse(
          call, "this collector needs 'authorization: Bearer <token>' metadata (its --token)");
    }
    if (!token.matches(given.substring(BEARER.length()))) {
      failures.failed(client);
      return refuse(
          call, "this collector needs 'authorization: Bearer <token>' metadata (its --token)");
    }
    failures.succeeded(client);
    return next.startCall(call, headers);
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String why) {
    call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static String client(SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : String.valueOf(address);
  }
}
