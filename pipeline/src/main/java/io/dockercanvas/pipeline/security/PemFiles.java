package io.dockercanvas.pipeline.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and PKCS#8 keys with the JDK alone, to say exactly which file is wrong and
 * how (Netty's own parser only says "does not contain valid certificates").
 */
public final class PemFiles {

  private static final Pattern KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private PemFiles() {}

  /** The certificates in a PEM file, at least one. */
  public static List<X509Certificate> certificates(Path file, String option) {
    String text = read(file, option);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw bad(option, file, "no '-----BEGIN CERTIFICATE-----' block: not a PEM certificate");
    }
    try {
      var parsed =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
      if (parsed.isEmpty()) {
        throw bad(option, file, "no certificate in it");
      }
      return parsed.stream().map(X509Certificate.class::cast).toList();
    } catch (CertificateException e) {
      throw bad(option, file, "the certificate does not parse (" + e.getMessage() + ")");
    }
  }

  /** The private key of an unencrypted PKCS#8 PEM file ("BEGIN PRIVATE KEY"), EC or RSA. */
  public static PrivateKey privateKey(Path file, String option) {
    String text = read(file, option);
    Matcher matcher = KEY.matcher(text);
    if (!matcher.find()) {
      String hint =
          text.contains("ENCRYPTED PRIVATE KEY")
              ? "an encrypted key: give it unencrypted (PKCS#8)"
              : text.contains("RSA PRIVATE KEY") || text.contains("EC PRIVATE KEY")
                  ? "a PKCS#1/SEC1 key: convert it with 'openssl pkcs8 -topk8 -nocrypt'"
                  : "no '-----BEGIN PRIVATE KEY-----' block: not a PKCS#8 PEM key";
      throw bad(option, file, hint);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(1));
    } catch (IllegalArgumentException e) {
      throw bad(option, file, "the key's base64 is damaged");
    }
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw bad(option, file, "the key does not parse as an EC, RSA or Ed25519 PKCS#8 key");
  }

  private static String read(Path file, String option) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw bad(option, file, "no such file");
    } catch (IOException | java.io.UncheckedIOException e) {
      throw bad(option, file, "cannot read it (" + e.getMessage() + ")");
    }
  }

  private static IllegalArgumentException bad(String option, Path file, String why) {
    return new IllegalArgumentException(option + " " + file + ": " + why);
  }
}
