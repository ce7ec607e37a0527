package io.dockercanvas.pipeline.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A token kept in a file (a swarm secret under /run/secrets/), so it shows in no process list or
 * environment.
 */
public final class TokenFile {

  private TokenFile() {}

  /**
   * The token: --token-file when given (its trailing newline trimmed), else the --token value (or
   * null).
   */
  public static String choose(String token, Path tokenFile) {
    if (tokenFile == null) {
      return token;
    }
    String text;
    try {
      text = Files.readString(tokenFile, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new IllegalArgumentException(
          "--token-file " + tokenFile + ": cannot read it (" + e.getMessage() + ")");
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("--token-file " + tokenFile + ": the file is empty");
    }
    if (trimmed.contains("\n")) {
      throw new IllegalArgumentException(
          "--token-file " + tokenFile + ": holds more than one line");
    }
    return trimmed;
  }
}
