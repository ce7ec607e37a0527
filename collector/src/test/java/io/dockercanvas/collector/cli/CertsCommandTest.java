package io.dockercanvas.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.pipeline.security.PemFiles;
import io.dockercanvas.pipeline.security.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code certs} and the collector's TLS and token-file options. */
class CertsCommandTest {

  @TempDir Path dir;

  @Test
  void certs_writesCaCollectorAndAgentAsPemWithPrivateKeys() throws Exception {
    CliRun run =
        CliRun.of(
            "certs",
            "--out",
            dir.toString(),
            "--san",
            "canvas.example.org",
            "--san",
            "198.51.100.11",
            "--days",
            "30");

    assertThat(run.code()).as(run.err()).isZero();
    for (String name : List.of("ca.key", "collector.key", "agent.key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(dir.resolve(name))).startsWith("-----BEGIN PRIVATE KEY-----");
      assertThat(PemFiles.privateKey(dir.resolve(name), name)).isNotNull();
    }
    X509Certificate ca = PemFiles.certificates(dir.resolve("ca.crt"), "ca").get(0);
    X509Certificate collector =
        PemFiles.certificates(dir.resolve("collector.crt"), "collector").get(0);
    X509Certificate agent = PemFiles.certificates(dir.resolve("agent.crt"), "agent").get(0);
    collector.verify(ca.getPublicKey());
    agent.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(collector.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
    assertThat(agent.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
    assertThat(
            collector.getSubjectAlternativeNames().stream()
                .map(san -> (Object) san.get(1))
                .toList())
        .containsExactly(
            "collector",
            "canvas_collector",
            "tasks.collector",
            "localhost",
            "127.0.0.1",
            "canvas.example.org",
            "198.51.100.11");
    long days =
        (collector.getNotAfter().getTime() - collector.getNotBefore().getTime()) / 86_400_000L;
    assertThat(days).isEqualTo(30);
  }

  @Test
  void certs_existingFiles_refusedWithoutForceAndNothingChanged() throws Exception {
    assertThat(CliRun.of("certs", "--out", dir.toString()).code()).isZero();
    String before = Files.readString(dir.resolve("ca.crt"));
    Files.delete(dir.resolve("agent.key"));

    CliRun again = CliRun.of("certs", "--out", dir.toString());

    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("not overwriting").contains("ca.crt").contains("--force");
    assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(before);
    assertThat(dir.resolve("agent.key")).doesNotExist();
    assertThat(CliRun.of("certs", "--out", dir.toString(), "--force").code()).isZero();
    assertThat(Files.readString(dir.resolve("ca.crt"))).isNotEqualTo(before);
  }

  @Test
  void certs_badSanOrDays_usageErrorBeforeWriting() {
    CliRun san = CliRun.of("certs", "--out", dir.toString(), "--san", "not a name");
    CliRun days = CliRun.of("certs", "--out", dir.toString(), "--days", "0");

    assertThat(san.code()).isEqualTo(2);
    assertThat(san.err()).contains("--san not a name");
    assertThat(days.code()).isEqualTo(2);
    assertThat(days.err()).contains("--days");
    assertThat(dir.resolve("ca.crt")).doesNotExist();
  }

  @Test
  void collector_halfTheTlsOptions_refusedNamingWhatIsMissing() throws Exception {
    CliRun.of("certs", "--out", dir.toString());

    assertThatThrownBy(() -> settings("--tls-cert", dir.resolve("collector.crt").toString()))
        .hasMessageContaining("go together")
        .hasMessageContaining("missing --tls-key, --tls-ca");
    assertThatThrownBy(
            () ->
                settings(
                    "--tls-cert",
                    dir.resolve("collector.crt").toString(),
                    "--tls-key",
                    dir.resolve("collector.key").toString()))
        .hasMessageContaining("missing --tls-ca");
  }

  @Test
  void collector_tlsFileThatIsNotPem_namedWithTheReason() throws Exception {
    CliRun.of("certs", "--out", dir.toString());
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
    Path damaged =
        Files.writeString(
            dir.resolve("damaged.crt"),
            "-----BEGIN CERTIFICATE-----\nMIIBdGVzdA==\n-----END CERTIFICATE-----\n");
    Path sec1 =
        Files.writeString(
            dir.resolve("sec1.key"),
            "-----BEGIN EC PRIVATE KEY-----\nAA==\n-----END EC PRIVATE KEY-----\n");

    assertThatThrownBy(() -> tls(garbage, dir.resolve("collector.key"), dir.resolve("ca.crt")))
        .hasMessage(
            "--tls-cert "
                + garbage
                + ": no '-----BEGIN CERTIFICATE-----' block: not a PEM certificate");
    assertThatThrownBy(
            () -> tls(dir.resolve("collector.crt"), dir.resolve("collector.key"), damaged))
        .hasMessageStartingWith("--tls-ca " + damaged + ": the certificate does not parse");
    assertThatThrownBy(() -> tls(dir.resolve("collector.crt"), sec1, dir.resolve("ca.crt")))
        .hasMessageContaining("--tls-key " + sec1)
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    assertThatThrownBy(
            () -> tls(dir.resolve("collector.crt"), dir.resolve("ca.crt"), dir.resolve("ca.crt")))
        .hasMessageContaining("--tls-key " + dir.resolve("ca.crt"))
        .hasMessageContaining("not a PKCS#8 PEM key");
    assertThatThrownBy(
            () ->
                tls(
                    dir.resolve("missing.crt"),
                    dir.resolve("collector.key"),
                    dir.resolve("ca.crt")))
        .hasMessage("--tls-cert " + dir.resolve("missing.crt") + ": no such file");
  }

  @Test
  void collector_run_badTlsFile_exitCode2BeforeListening() throws Exception {
    CliRun.of("certs", "--out", dir.toString());

    assertThat(
            CollectorCli.run(
                "--listen",
                "127.0.0.1:0",
                "--grpc",
                "127.0.0.1:0",
                "--tls-cert",
                dir.resolve("ca.key").toString(),
                "--tls-key",
                dir.resolve("collector.key").toString(),
                "--tls-ca",
                dir.resolve("ca.crt").toString()))
        .isEqualTo(2);
  }

  @Test
  void collector_allThreeTlsFilesAndTokenFile_settingsCarryThem() throws Exception {
    CliRun.of("certs", "--out", dir.toString());
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");

    ServerSettings settings =
        settings(
            "--tls-cert",
            dir.resolve("collector.crt").toString(),
            "--tls-key",
            dir.resolve("collector.key").toString(),
            "--tls-ca",
            dir.resolve("ca.crt").toString(),
            "--token-file",
            token.toString(),
            "--grpc",
            "0.0.0.0:9090");

    assertThat(settings.tls()).isPresent();
    assertThat(settings.token()).contains("s3cret");
  }

  @Test
  void collector_emptyOrMissingTokenFile_refused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");

    assertThatThrownBy(() -> settings("--token-file", empty.toString()))
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> settings("--token-file", dir.resolve("nope").toString()))
        .hasMessageContaining("--token-file " + dir.resolve("nope"))
        .hasMessageContaining("cannot read");
  }

  @Test
  void help_listsCertsAndTheTlsOptions() {
    CliRun collector = CliRun.of("--help");
    CliRun certs = CliRun.of("certs", "--help");

    assertThat(collector.out())
        .contains("--tls-cert", "--tls-key", "--tls-ca", "--token-file", "certs");
    assertThat(certs.out()).contains("--out", "--san", "--days", "--force", "0600");
  }

  private static TlsFiles tls(Path cert, Path key, Path ca) {
    return new TlsFiles(cert, key, ca);
  }

  private static ServerSettings settings(String... args) {
    CollectorCli cli = new CollectorCli();
    CommandLine commandLine = new CommandLine(cli);
    commandLine.parseArgs(args);
    // not from the environment of whoever runs the tests
    commandLine.getCommandSpec().findOption("--token").setValue(null);
    return cli.settings();
  }
}
