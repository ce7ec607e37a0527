package io.dockercanvas.collector.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code canvas certs} writes: a CA for one cluster, the collector's server certificate and
 * one client certificate all agents share. Nothing is written when any of the six files already
 * exists, unless asked to replace them.
 */
public final class ClusterCertificates {

  /** Names the collector answers to in a swarm stack or on this machine, besides --san. */
  public static final List<String> DEFAULT_COLLECTOR_NAMES =
      List.of("collector", "canvas_collector", "tasks.collector", "localhost", "127.0.0.1");

  public static final List<String> FILES =
      List.of("ca.crt", "ca.key", "collector.crt", "collector.key", "agent.crt", "agent.key");

  private ClusterCertificates() {}

  /** Writes the six PEM files into {@code dir} (made if missing) and returns them. */
  public static List<Path> write(Path dir, List<String> extraNames, int days, boolean replace)
      throws IOException {
    if (days < 1 || days > 36_500) {
      throw new IllegalArgumentException("--days must be from 1 to 36500, got " + days);
    }
    Set<String> names = new LinkedHashSet<>(DEFAULT_COLLECTOR_NAMES);
    names.addAll(extraNames);
    names.forEach(CertificateIssuer::generalName); // a bad --san fails before anything is written
    Files.createDirectories(dir);
    List<Path> files = FILES.stream().map(dir::resolve).toList();
    if (!replace) {
      List<String> existing = files.stream().filter(Files::exists).map(Path::toString).toList();
      if (!existing.isEmpty()) {
        throw new IOException(
            "not overwriting " + String.join(", ", existing) + ": pass --force to replace them");
      }
    }
    // backdated a little: a node whose clock lags the one that made the files must still accept
    // them
    Instant notBefore = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = notBefore.plus(Duration.ofDays(days)).plus(Duration.ofHours(1));
    CertificateIssuer ca =
        CertificateIssuer.newAuthority("docker-canvas cluster CA", notBefore, notAfter);
    CertificateIssuer.Issued collector =
        ca.server("docker-canvas collector", new ArrayList<>(names), notBefore, notAfter);
    CertificateIssuer.Issued agent = ca.client("docker-canvas agent", notBefore, notAfter);
    PemWriter.certificate(files.get(0), ca.authority().certificate(), replace);
    PemWriter.privateKey(files.get(1), ca.authority().keys().getPrivate(), replace);
    PemWriter.certificate(files.get(2), collector.certificate(), replace);
    PemWriter.privateKey(files.get(3), collector.keys().getPrivate(), replace);
    PemWriter.certificate(files.get(4), agent.certificate(), replace);
    PemWriter.privateKey(files.get(5), agent.keys().getPrivate(), replace);
    return files;
  }
}
