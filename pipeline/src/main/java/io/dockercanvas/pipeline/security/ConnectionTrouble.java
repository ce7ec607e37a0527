package io.dockercanvas.pipeline.security;

import io.grpc.Status;
import javax.net.ssl.SSLException;

/**
 * Turns what gRPC and the TLS handshake say when the collector cannot be reached into a line an
 * operator can act on: a plaintext agent dialling a TLS collector only sees "Network closed for
 * unknown reason".
 */
public final class ConnectionTrouble {

  private ConnectionTrouble() {}

  public static String explain(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null) {
      return failure.getMessage() != null
          ? failure.getMessage()
          : failure.toString(); // not from gRPC: a timeout, the end of a stream
    }
    String said =
        status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    SSLException tls = tlsCause(failure);
    if (tls != null) {
      return said.lines().findFirst().orElse(said)
          + " (TLS: "
          + tls.getMessage()
          + ")"
          + tlsHint(causes(tls));
    }
    if (status.getCode() == Status.Code.UNAVAILABLE
        && said.contains("Network closed for unknown reason")) {
      return said
          + " - the collector closed the connection at once: if it runs with --tls-cert/--tls-key/--tls-ca"
          + " it takes mutual TLS only, so start this agent with --tls-cert, --tls-key and --tls-ca too";
    }
    if (status.getCode() == Status.Code.UNAUTHENTICATED) {
      return said + " - check --token / --token-file / CANVAS_TOKEN against the collector's";
    }
    return said;
  }

  /**
   * Every message down the cause chain, lower case (BoringSSL says CERTIFICATE_EXPIRED, the JDK
   * "expired").
   */
  private static String causes(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static String tlsHint(String message) {
    if (message.contains("pkix path")
        || message.contains("unable to find valid certification path")) {
      return " - the collector's certificate is not signed by this agent's --tls-ca";
    }
    if (message.contains("subject alternative") || message.contains("no name matching")) {
      return " - the collector's certificate does not carry the name dialled: set --tls-server-name, or remake"
          + " the certificates with 'canvas certs --san NAME'";
    }
    if (message.contains("certificate_required")
        || message.contains("bad_certificate")
        || message.contains("certificate_unknown")
        || message.contains("certificate_expired")) {
      return " - the collector refused this agent's certificate: it must be signed by the collector's --tls-ca"
          + " and still valid";
    }
    if (message.contains("NotAfter") || message.contains("expired")) {
      return " - a certificate has expired: make new ones with 'canvas certs'";
    }
    return "";
  }

  private static SSLException tlsCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }
}
