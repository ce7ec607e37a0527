package io.dockercanvas.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TlsOptionsTest {

  @Command(name = "tool", resourceBundle = "io.dockercanvas.pipeline.cli.test-options")
  static final class Tool {
    @Mixin TlsOptions tls = new TlsOptions();
  }

  @TempDir Path dir;

  @Test
  void none_plaintext() {
    assertThat(parse().files()).isEmpty();
  }

  @Test
  void someOfThem_refusedNamingWhatIsMissing() {
    assertThatThrownBy(() -> parse("--tls-cert", "a.crt").files())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("missing --tls-key, --tls-ca");
    assertThatThrownBy(() -> parse("--tls-key", "a.key").files())
        .hasMessageEndingWith("missing --tls-cert, --tls-ca");
    assertThatThrownBy(() -> parse("--tls-ca", "ca.crt", "--tls-cert", "a.crt").files())
        .hasMessageEndingWith("missing --tls-key");
  }

  @Test
  void certificateNotPem_refusedNamingTheOptionAndFile() throws Exception {
    Path crt = Files.writeString(dir.resolve("agent.crt"), "not a certificate\n");

    assertThatThrownBy(
            () ->
                parse("--tls-cert", crt.toString(), "--tls-key", "agent.key", "--tls-ca", "ca.crt")
                    .files())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--tls-cert " + crt + ": no '-----BEGIN CERTIFICATE-----' block");
  }

  @Test
  void help_commandsOwnDescriptionFromItsBundle_elseTheFallback() {
    assertThat(TokenOptionsTest.help(new Tool()))
        .contains(
            "--tls-key=FILE",
            "The tool's own words about its key.",
            "--tls-cert=FILE",
            "This side's certificate (PEM, from 'canvas certs')",
            "--tls-ca=FILE",
            "The CA certificate (PEM) the other side's certificate must be signed by.");
  }

  private static TlsOptions parse(String... args) {
    Tool tool = new Tool();
    new CommandLine(tool).parseArgs(args);
    return tool.tls;
  }
}
