package io.dockercanvas.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(
    value = 30,
    threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a command that starts the agent runs forever
class AgentCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AgentCli.executeWithPicocli(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void agent_help_explainsTheOptions() {
    assertThat(run("agent", "--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "--collector",
            "--token",
            "--docker",
            "--netns-dir",
            "--node-name",
            "snapshot",
            "--token-file",
            "--tls-cert",
            "--tls-key",
            "--tls-ca",
            "--tls-server-name");
  }

  @Test
  void agent_help_describesTheTokenAndTlsOptionsAsTheAgentsOwn() {
    assertThat(run("agent", "--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "))
        .contains(
            "--token=T Sent as 'authorization: Bearer T' (default: $CANVAS_TOKEN).",
            "--tls-cert=FILE This agent's certificate (PEM, from './canvas certs'): with --tls-key and --tls-ca the stream",
            "--tls-key=FILE This agent's private key (PKCS#8 PEM).",
            "--tls-ca=FILE The CA certificate (PEM) the collector's certificate must be signed by.");
  }

  @Test
  void agent_version_theBuildsVersion() {
    assertThat(run("agent", "--version")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("docker-canvas agent " + System.getProperty("canvas.buildVersion"));
  }

  @Test
  void agent_halfTheTlsOptions_isAUsageErrorNamingWhatIsMissing() {
    assertThat(run("agent", "--collector", "127.0.0.1:7070", "--tls-cert", "agent.crt"))
        .isEqualTo(AgentCli.EXIT_USAGE);

    assertThat(err()).contains("missing --tls-key, --tls-ca").doesNotContain("internal error");
  }

  @Test
  void agent_tlsFileMissing_isAUsageErrorNamingTheFile(@TempDir Path dir) {
    assertThat(
            run(
                "agent",
                "--collector",
                "127.0.0.1:7070",
                "--tls-cert",
                dir.resolve("agent.crt").toString(),
                "--tls-key",
                dir.resolve("agent.key").toString(),
                "--tls-ca",
                dir.resolve("ca.crt").toString()))
        .isEqualTo(AgentCli.EXIT_USAGE);

    assertThat(err()).contains("--tls-cert " + dir.resolve("agent.crt") + ": no such file");
  }

  @Test
  void agent_emptyTokenFile_isAUsageError(@TempDir Path dir) throws Exception {
    Path token = java.nio.file.Files.writeString(dir.resolve("token"), "");

    assertThat(run("agent", "--collector", "127.0.0.1:7070", "--token-file", token.toString()))
        .isEqualTo(AgentCli.EXIT_USAGE);

    assertThat(err()).contains("--token-file " + token + ": the file is empty");
  }

  @Test
  void agent_withoutCollector_isAUsageError() {
    assertThat(run("agent")).isEqualTo(AgentCli.EXIT_USAGE);

    assertThat(err()).contains("--collector HOST:PORT is required");
  }

  @Test
  void agent_collectorWithoutPort_isAUsageError() {
    assertThat(run("agent", "--collector", "collector.lab")).isEqualTo(AgentCli.EXIT_USAGE);

    assertThat(err()).contains("--collector HOST:PORT");
  }

  @Test
  void agent_collectorPortOutOfRange_isAUsageError() {
    assertThat(run("agent", "--collector", "127.0.0.1:99999")).isEqualTo(AgentCli.EXIT_USAGE);

    assertThat(err()).contains("99999").doesNotContain("internal error");
  }

  @Test
  void agent_dockerNotAUnixSocket_isAUsageError() {
    assertThat(run("agent", "--collector", "127.0.0.1:7070", "--docker", "tcp://127.0.0.1:2375"))
        .isEqualTo(AgentCli.EXIT_USAGE);

    assertThat(err()).contains("tcp://127.0.0.1:2375").doesNotContain("internal error");
  }

  @Test
  void snapshot_noDockerAtTheSocket_failsWithAClearMessage(@TempDir Path dir) {
    int code =
        run(
            "agent",
            "snapshot",
            "--docker",
            "unix://" + dir.resolve("docker.sock"),
            "--netns-dir",
            dir.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("cannot read Docker at").doesNotContain("internal error");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void snapshot_dockerNotAUnixSocket_isAUsageError() {
    assertThat(run("agent", "snapshot", "--docker", "tcp://127.0.0.1:2375"))
        .isEqualTo(AgentCli.EXIT_USAGE);

    assertThat(err()).contains("tcp://127.0.0.1:2375").doesNotContain("internal error");
  }
}
