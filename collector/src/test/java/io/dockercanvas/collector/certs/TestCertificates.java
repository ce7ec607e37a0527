package io.dockercanvas.collector.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Certificate sets for TLS tests: the cluster's own, and the wrong ones an attacker or a mistake
 * brings.
 */
public final class TestCertificates {

  private static final Instant NOW = Instant.now();
  private static final Instant YEAR_AGO = NOW.minus(Duration.ofDays(365));
  private static final Instant YEAR_AHEAD = NOW.plus(Duration.ofDays(365));

  private final CertificateIssuer ca =
      CertificateIssuer.newAuthority("test cluster CA", YEAR_AGO, YEAR_AHEAD);
  private final Path dir;

  public TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** The CA's certificate. */
  public Path ca() throws IOException {
    return write("ca", ca.authority());
  }

  /**
   * The collector's certificate, for localhost and 127.0.0.1; returns the .crt (the .key is beside
   * it).
   */
  public Path collector() throws IOException {
    return write(
        "collector",
        ca.server("collector", List.of("localhost", "127.0.0.1"), YEAR_AGO, YEAR_AHEAD));
  }

  public Path agent() throws IOException {
    return write("agent", ca.client("agent", YEAR_AGO, YEAR_AHEAD));
  }

  /** An agent certificate from this CA that expired yesterday. */
  public Path expiredAgent() throws IOException {
    return write("expired-agent", ca.client("agent", YEAR_AGO, NOW.minus(Duration.ofDays(1))));
  }

  /** An agent certificate signed by some other CA. */
  public Path foreignAgent() throws IOException {
    CertificateIssuer other = CertificateIssuer.newAuthority("another CA", YEAR_AGO, YEAR_AHEAD);
    return write("foreign-agent", other.client("agent", YEAR_AGO, YEAR_AHEAD));
  }

  /** The key beside a certificate written here. */
  public static Path keyOf(Path certificate) {
    return certificate.resolveSibling(certificate.getFileName().toString().replace(".crt", ".key"));
  }

  private Path write(String name, CertificateIssuer.Issued issued) throws IOException {
    Path crt = dir.resolve(name + ".crt");
    PemWriter.certificate(crt, issued.certificate(), true);
    PemWriter.privateKey(keyOf(crt), issued.keys().getPrivate(), true);
    return crt;
  }
}
