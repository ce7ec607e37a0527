package io.dockercanvas.collector.server;

import io.dockercanvas.collector.auth.Access;
import io.dockercanvas.collector.auth.Access.Role;
import io.dockercanvas.collector.auth.FailedAttempts;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * gRPC calls (agents' ingest and Observer clients) must carry "authorization: Bearer <token>"
 * metadata. Wrong tokens count against the caller's address; past the limit its calls are refused,
 * still UNAUTHENTICATED, without looking at the token. One check guards Ingest: the agents' token
 * only, and on a TLS port a client certificate (the handshake verified it against the CA when
 * given). Another guards the read APIs: either token, no certificate. The role of the call is in
 * {@link #ROLE} for services that allow some methods to viewers only.
 */
final class GrpcTokenCheck implements ServerInterceptor {

  /** The role the call was let in with. */
  static final Context.Key<Role> ROLE = Context.key("canvas-role");

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";
  private static final String NEEDS =
      "this collector needs 'authorization: Bearer <token>' metadata (its --token)";

  private final Access access;
  private final FailedAttempts failures;
  private final boolean agentsOnly;
  private final boolean clientCertificate;

  private GrpcTokenCheck(
      Access access, FailedAttempts failures, boolean agentsOnly, boolean clientCertificate) {
    this.access = access;
    this.failures = failures;
    this.agentsOnly = agentsOnly;
    this.clientCertificate = clientCertificate;
  }

  /**
   * Ingest: the agents' token, and a client certificate when the port speaks TLS; {@code access} is
   * null when no token is set.
   */
  static GrpcTokenCheck agents(Access access, FailedAttempts failures, boolean tls) {
    return new GrpcTokenCheck(access, failures, true, tls);
  }

  /** The read APIs: either token; {@code access} is null when no token is set. */
  static GrpcTokenCheck readers(Access access, FailedAttempts failures) {
    return new GrpcTokenCheck(access, failures, false, false);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (clientCertificate && !hasClientCertificate(call)) {
      return refuse(
          call,
          "Ingest on this TLS collector takes agents with a client certificate from its CA"
              + " (--tls-cert/--tls-key/--tls-ca)");
    }
    if (access == null) {
      // no token set: loopback only, everything allowed
      return Contexts.interceptCall(
          Context.current().withValue(ROLE, Role.FULL), call, headers, next);
    }
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
      return refuse(call, NEEDS);
    }
    Optional<Role> role = access.roleOf(given.substring(BEARER.length()));
    if (role.isEmpty()) {
      failures.failed(client);
      return refuse(call, NEEDS);
    }
    failures.succeeded(client);
    if (agentsOnly && role.get() != Role.FULL) {
      return refuse(
          call, "the viewer token may only read: Ingest takes the agents' token (--token)");
    }
    return Contexts.interceptCall(
        Context.current().withValue(ROLE, role.get()), call, headers, next);
  }

  private static boolean hasClientCertificate(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return false;
    }
    try {
      return session.getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
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
