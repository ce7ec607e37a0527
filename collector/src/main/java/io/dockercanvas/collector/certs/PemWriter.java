package io.dockercanvas.collector.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Writes certificates (0644) and PKCS#8 private keys (0600 from the moment the file exists) as PEM.
 */
final class PemWriter {

  private PemWriter() {}

  static void certificate(Path file, X509Certificate certificate, boolean replace)
      throws IOException {
    try {
      write(file, pem("CERTIFICATE", certificate.getEncoded()), "rw-r--r--", replace);
    } catch (CertificateEncodingException e) {
      throw new IOException("cannot encode the certificate for " + file, e);
    }
  }

  static void privateKey(Path file, PrivateKey key, boolean replace) throws IOException {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IOException("the key for " + file + " is " + key.getFormat() + ", not PKCS#8");
    }
    write(file, pem("PRIVATE KEY", key.getEncoded()), "rw-------", replace);
  }

  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static void write(Path file, String text, String mode, boolean replace)
      throws IOException {
    if (replace) {
      Files.deleteIfExists(file);
    }
    try {
      // created with its final mode, so a key is never readable by others, not even for a moment
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + " exists: pass --force to replace it");
    }
    Files.setPosixFilePermissions(
        file, PosixFilePermissions.fromString(mode)); // the umask may have narrowed it
    Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
