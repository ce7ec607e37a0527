package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.auth.Access.Role;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login sessions: the cookie value is {@code <expiry, epoch seconds>.<role>.<HMAC-SHA256 of both>}
 * under a key drawn at random when the collector starts; the role says whether the login was with
 * the viewer token (read only). It holds nothing of the token, it ends after {@link #LIFETIME}, and
 * a collector started again (with the same token or a new one) accepts no cookie of its previous
 * run.
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

  String issue(Role role) {
    String signed =
        clock.instant().plus(LIFETIME).getEpochSecond()
            + "."
            + role.name().toLowerCase(Locale.ROOT);
    return signed + "." + mac(signed);
  }

  /** The session's role, or empty when the cookie is not one of this run's or has expired. */
  Optional<Role> valid(String value) {
    int dot = value.lastIndexOf('.');
    int first = value.indexOf('.');
    if (first < 1 || first > 19 || dot <= first) {
      return Optional.empty();
    }
    String signed = value.substring(0, dot);
    byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    // only this run's key makes a matching MAC, so a matching expiry and role were written here
    if (!MessageDigest.isEqual(mac(signed).getBytes(StandardCharsets.US_ASCII), given)
        || clock.instant().getEpochSecond() >= Long.parseLong(value.substring(0, first))) {
      return Optional.empty();
    }
    return Optional.of(Role.valueOf(signed.substring(first + 1).toUpperCase(Locale.ROOT)));
  }

  private String mac(String expiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] sum =
          mac.doFinal(("docker-canvas session v3 " + expiry).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
