package io.dockercanvas.pipeline.cli;

import io.dockercanvas.pipeline.security.TokenFile;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --token} and {@code --token-file}, as a picocli {@code @Mixin}. A command says what the
 * token is for under the key {@code <qualified command name>.token} of its resource bundle (e.g.
 * {@code collector.demo.token}); the description below is the fallback.
 */
public final class TokenOptions {

  @Option(
      names = "--token",
      paramLabel = "T",
      defaultValue = "${env:CANVAS_TOKEN}",
      descriptionKey = "token",
      description = "The shared secret (default: the CANVAS_TOKEN environment variable).")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      descriptionKey = "token-file",
      description =
          "Read the token from FILE instead (e.g. a swarm secret, /run/secrets/canvas_token).")
  Path tokenFile;

  /**
   * The token: the file's when --token-file is given, else --token (or $CANVAS_TOKEN), else empty.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read, is empty or holds
   *     several lines
   */
  public Optional<String> token() {
    return Optional.ofNullable(TokenFile.choose(token, tokenFile));
  }
}
