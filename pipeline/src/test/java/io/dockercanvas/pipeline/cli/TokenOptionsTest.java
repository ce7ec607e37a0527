package io.dockercanvas.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TokenOptionsTest {

  @Command(name = "tool", resourceBundle = "io.dockercanvas.pipeline.cli.test-options")
  static final class Tool {
    @Mixin TokenOptions token = new TokenOptions();
  }

  @Command(name = "other")
  static final class Other {
    @Mixin TokenOptions token = new TokenOptions();
  }

  @TempDir Path dir;

  @Test
  void token_given_isTheToken() {
    assertThat(parse("--token", "s3cret").token()).contains("s3cret");
  }

  @Test
  void token_notGiven_isCanvasTokenFromTheEnvironment() {
    assertThat(parse().token()).isEqualTo(Optional.ofNullable(System.getenv("CANVAS_TOKEN")));
    assertThat(
            new CommandLine(new Tool())
                .setInterpolateVariables(false)
                .getCommandSpec()
                .findOption("--token")
                .defaultValue())
        .isEqualTo("${env:CANVAS_TOKEN}");
  }

  @Test
  void tokenFile_given_winsOverTokenWithoutItsNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("canvas_token"), "from-file\n");

    assertThat(parse("--token", "inline", "--token-file", file.toString()).token())
        .contains("from-file");
  }

  @Test
  void tokenFile_empty_refusedNamingTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("canvas_token"), "");
    TokenOptions options = parse("--token-file", file.toString());

    assertThatThrownBy(options::token)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--token-file " + file + ": the file is empty");
  }

  @Test
  void tokenFile_missing_refusedNamingTheFile() {
    Path file = dir.resolve("nowhere");
    TokenOptions options = parse("--token-file", file.toString());

    assertThatThrownBy(options::token)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--token-file " + file + ": cannot read it");
  }

  @Test
  void help_commandsOwnDescriptionFromItsBundle_elseTheFallback() {
    assertThat(help(new Tool()))
        .contains(
            "--token=T",
            "The tool's own words about its token.",
            "--token-file=FILE",
            "Read the token from FILE instead");
    assertThat(help(new Other()))
        .contains("--token=T", "The shared secret (default: the CANVAS_TOKEN environment")
        .doesNotContain("own words");
  }

  private static TokenOptions parse(String... args) {
    Tool tool = new Tool();
    new CommandLine(tool).parseArgs(args);
    return tool.token;
  }

  static String help(Object command) {
    StringWriter out = new StringWriter();
    new CommandLine(command).setUsageHelpWidth(200).usage(new PrintWriter(out, true));
    return out.toString();
  }
}
