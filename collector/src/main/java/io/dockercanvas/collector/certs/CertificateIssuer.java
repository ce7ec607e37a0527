package io.dockercanvas.collector.certs;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster's own small CA and the certificates it signs: EC P-256 keys, SHA-256 ECDSA signatures,
 * made with the JDK's providers (BouncyCastle only builds the X.509 structures).
 */
public final class CertificateIssuer {

  /** A certificate and its key pair. */
  public record Issued(X509Certificate certificate, KeyPair keys) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Issued authority;

  private CertificateIssuer(Issued authority) {
    this.authority = authority;
  }

  /** A new self-signed CA valid from {@code notBefore} to {@code notAfter}. */
  public static CertificateIssuer newAuthority(String name, Instant notBefore, Instant notAfter) {
    KeyPair keys = newKeys();
    X500Principal subject = new X500Principal("CN=" + name);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial(),
            java.util.Date.from(notBefore),
            java.util.Date.from(notAfter),
            subject,
            keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the CA certificate", e);
    }
    return new CertificateIssuer(new Issued(sign(builder, keys), keys));
  }

  public Issued authority() {
    return authority;
  }

  /**
   * A server certificate (TLS server auth) naming every host name or IP address in {@code names}.
   */
  public Issued server(String commonName, List<String> names, Instant notBefore, Instant notAfter) {
    return issue(commonName, names, KeyPurposeId.id_kp_serverAuth, notBefore, notAfter);
  }

  /** A client certificate (TLS client auth), as agents present. */
  public Issued client(String commonName, Instant notBefore, Instant notAfter) {
    return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth, notBefore, notAfter);
  }

  private Issued issue(
      String commonName,
      List<String> names,
      KeyPurposeId purpose,
      Instant notBefore,
      Instant notAfter) {
    KeyPair keys = newKeys();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            authority.certificate(),
            serial(),
            java.util.Date.from(notBefore),
            java.util.Date.from(notAfter),
            new X500Principal("CN=" + commonName),
            keys.getPublic());
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(authority.certificate()));
      if (!names.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                names.stream().map(CertificateIssuer::generalName).toArray(GeneralName[]::new)));
      }
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the certificate for " + commonName, e);
    }
    return new Issued(sign(builder, authority.keys()), keys);
  }

  /** An IP address literal becomes an IP SAN, anything else a DNS SAN. */
  static GeneralName generalName(String name) {
    if (name.matches("[0-9.]+") || name.contains(":")) {
      try {
        return new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress());
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("--san " + name + ": not an IP address");
      }
    }
    if (!name.matches("(\\*\\.)?[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?")) {
      throw new IllegalArgumentException("--san " + name + ": not a host name or IP address");
    }
    return new GeneralName(GeneralName.dNSName, name);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the certificate", e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key generator in this JDK", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }
}
