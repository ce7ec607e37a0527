package io.dockercanvas.pipeline.cli;

import io.dockercanvas.pipeline.security.TlsFiles;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --tls-cert}, {@code --tls-key} and {@code --tls-ca}, the three PEM files of one side of
 * the mutual TLS between agent and collector, as a picocli {@code @Mixin}. A command says whose
 * files they are under the keys {@code <qualified command name>.tls-cert} (and {@code .tls-key},
 * {@code .tls-ca}) of its resource bundle; the descriptions below are the fallback.
 */
public final class TlsOptions {

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      descriptionKey = "tls-cert",
      description =
          "This side's certificate (PEM, from 'canvas certs'): with --tls-key and --tls-ca the connection"
              + " uses mutual TLS.")
  Path certificate;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      descriptionKey = "tls-key",
      description = "This side's private key (PKCS#8 PEM).")
  Path privateKey;

  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      descriptionKey = "tls-ca",
      description = "The CA certificate (PEM) the other side's certificate must be signed by.")
  Path authority;

  /**
   * The files, each read and checked, or empty when none was given (plaintext).
   *
   * @throws IllegalArgumentException naming the missing options when only some are given, or the
   *     option and file when one is unreadable or not the expected PEM
   */
  public Optional<TlsFiles> files() {
    return TlsFiles.fromOptions(certificate, privateKey, authority);
  }
}
