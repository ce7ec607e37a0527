package io.dockercanvas.pipeline.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The three PEM files of one side of the agent-collector mTLS: its own certificate chain, its
 * PKCS#8 private key, and the CA that signs the other side's certificates. Each is checked when
 * made, so a bad file is named before any connection is tried.
 */
public record TlsFiles(Path certificate, Path privateKey, Path authority) {

  public TlsFiles {
    PemFiles.certificates(certificate, "--tls-cert");
    PemFiles.privateKey(privateKey, "--tls-key");
    PemFiles.certificates(authority, "--tls-ca");
  }

  /**
   * The files given on a command line: none (plaintext), or all three; half of them is an error
   * that names what is missing, since silently falling back to plaintext would be the worst
   * outcome.
   */
  public static Optional<TlsFiles> fromOptions(Path certificate, Path privateKey, Path authority) {
    if (certificate == null && privateKey == null && authority == null) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    if (certificate == null) {
      missing.add("--tls-cert");
    }
    if (privateKey == null) {
      missing.add("--tls-key");
    }
    if (authority == null) {
      missing.add("--tls-ca");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "--tls-cert, --tls-key and --tls-ca go together (mutual TLS): missing "
              + String.join(", ", missing));
    }
    return Optional.of(new TlsFiles(certificate, privateKey, authority));
  }
}
