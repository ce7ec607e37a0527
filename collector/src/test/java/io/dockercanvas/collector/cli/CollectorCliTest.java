package io.dockercanvas.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.collector.server.ServerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CollectorCliTest {

  @Test
  void help_explainsEveryOption() {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new CollectorCli()).setOut(new PrintWriter(out)).execute("--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "--listen=HOST:PORT",
            "--grpc=HOST:PORT",
            "--token=T",
            "--journeys=N",
            "--flows=N",
            "--window-ms=W",
            "127.0.0.1:8080",
            "CANVAS_TOKEN");
  }

  @Test
  void help_describesTheTokenAndTlsOptionsAsTheCollectorsOwn() {
    assertThat(CliRun.of("--help").out().replaceAll("\\s+", " "))
        .contains(
            "--token=T Shared secret for the page, the APIs and the agents; required unless both addresses are loopback.",
            "--token-file=FILE Read the token from FILE instead",
            "--tls-cert=FILE The collector's certificate (PEM, from 'canvas certs'): with --tls-key and --tls-ca the gRPC",
            "--tls-key=FILE The collector's private key (PKCS#8 PEM).",
            "--tls-ca=FILE The CA certificate (PEM) agents' certificates must be signed by.");
  }

  @Test
  void settings_defaults_loopbackWithoutToken() {
    ServerSettings settings = parse();

    assertThat(settings.http().toString()).isEqualTo("127.0.0.1:8080");
    assertThat(settings.grpc().toString()).isEqualTo("127.0.0.1:9090");
    assertThat(settings.core().journeysCapacity()).isEqualTo(10_000);
    assertThat(settings.core().stitcher().windowNs()).isEqualTo(1_000_000_000L);
  }

  @Test
  void settings_flags_sizesWindowAndSampling() {
    ServerSettings settings =
        parse(
            "--journeys",
            "50",
            "--flows",
            "60",
            "--window-ms",
            "250",
            "--sample",
            "0.5",
            "--listen",
            "0.0.0.0:80",
            "--token",
            "t");

    assertThat(settings.core().journeysCapacity()).isEqualTo(50);
    assertThat(settings.core().flowsCapacity()).isEqualTo(60);
    assertThat(settings.core().stitcher().windowNs()).isEqualTo(250_000_000L);
    assertThat(settings.core().capture().sampleAll()).isFalse();
    assertThat(settings.token()).contains("t");
  }

  @Test
  void settings_badValues_refusedNamingTheOption() {
    assertThatThrownBy(() -> parse("--grpc", "0.0.0.0:9090"))
        .hasMessageContaining("--grpc 0.0.0.0:9090")
        .hasMessageContaining("--token");
    assertThatThrownBy(() -> parse("--listen", "canvas.example:80", "--token", "t"))
        .hasMessageContaining("--listen: 'canvas.example' is not an IP address");
    assertThatThrownBy(() -> parse("--listen", "8080"))
        .hasMessageContaining("--listen: '8080' is not HOST:PORT");
    assertThatThrownBy(() -> parse("--window-ms", "0")).hasMessageContaining("--window-ms");
    assertThatThrownBy(() -> parse("--sample", "2")).hasMessageContaining("--sample");
  }

  @Test
  void run_nonLoopbackWithoutToken_exitCode2BeforeListening() {
    assertThat(CollectorCli.run("--listen", "0.0.0.0:0", "--grpc", "127.0.0.1:0")).isEqualTo(2);
  }

  private static ServerSettings parse(String... args) {
    CollectorCli cli = new CollectorCli();
    CommandLine commandLine = new CommandLine(cli);
    commandLine.parseArgs(args);
    if (!java.util.Arrays.asList(args)
        .contains("--token")) { // not from the environment of whoever runs the tests
      commandLine.getCommandSpec().findOption("--token").setValue(null);
    }
    return cli.settings();
  }
}
