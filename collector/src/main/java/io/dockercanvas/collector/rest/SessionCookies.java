package io.dockercanvas.collector.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login sessions: the cookie value is {@code <expiry, epoch seconds>.<HMAC-SHA256 of that expiry>}
 * under a key drawn at random when the collector starts. It holds nothing of the token, it ends
 * after {@link #LIFETIME}, and a collector started again (with the same token or a new one) accepts
 * no cookie of its previous run.
 */
final class SessionCookies {

  static final Duration LIFETIME = Duration.ofHours(8);

  private final SecretKeySpec key;
  private final Clock clock;

  SessionCookies(Clock clock) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.clock = clock;
  }

  String issue() {
    String expiry = Long.toString(clock.instant().plus(LIFETIME).getEpochSecond());
    return expiry + "." + mac(expiry);
  }

  boolean valid(String value) {
    int dot = value.indexOf('.');
    if (dot < 1 || dot > 19) {
      return false;
    }
    String expiry = value.substring(0, dot);
    byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    // only this run's key makes a matching MAC, so a matching expiry was written here and parses
    return MessageDigest.isEqual(mac(expiry).getBytes(StandardCharsets.US_ASCII), given)
        && clock.instant().getEpochSecond() < Long.parseLong(expiry);
  }

  private String mac(String expiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] sum =
          mac.doFinal(("docker-canvas session v2 " + expiry).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
