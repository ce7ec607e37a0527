package io.dockercanvas.collector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented token with the collector's in constant time. Both are hashed with SHA-256
 * first, so how long the compare takes depends neither on the token's length nor on how many
 * leading characters of a guess are right.
 */
public final class TokenCheck {

  private final byte[] expected;

  public TokenCheck(String token) {
    this.expected = sha256(token);
  }

  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(expected, sha256(candidate));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
