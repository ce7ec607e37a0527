package io.dockercanvas.proto.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The build's buf lint and buf breaking steps catch what they are there for: each case edits a copy
 * of the contract and runs the real buf CLI (node_modules, installed by the build's npm ci) on it.
 */
class BufChecksTest {

  /** Surefire runs in the module directory. */
  private static final Path MODULE = Path.of("").toAbsolutePath();

  private static final Path BUF = MODULE.resolve("node_modules/.bin/buf");
  private static final Path RELEASE = MODULE.resolve("buf/release-v1.binpb");
  private static final String FLOW = "src/main/proto/docker_canvas/v1/flow.proto";

  @TempDir Path copy;

  @BeforeEach
  void copyContract() throws IOException {
    assertThat(BUF).as("buf CLI; the build installs it with npm ci in proto/").isExecutable();
    Files.copy(MODULE.resolve("buf.yaml"), copy.resolve("buf.yaml"));
    try (Stream<Path> files = Files.walk(MODULE.resolve("src/main/proto"))) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(MODULE.relativize(file));
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  @Test
  void unchangedContract_passesLintAndBreaking() {
    assertThat(buf("lint").exitCode).isZero();
    assertThat(buf("breaking", "--against", RELEASE.toString()).exitCode).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      field renumbered        | uint32 seq = 3;              | uint32 seq = 10;                 | Previously present field "3" with name "seq" on message "TCP" was deleted.
      field removed           | string interface_name = 3;   | ''                               | Previously present field "3" with name "interface_name" on message "ObservationPoint" was deleted.
      field renamed           | uint32 caplen = 4;           | uint32 captured_length = 4;      | Field "4" on message "PacketObservation" changed name from "caplen" to "captured_length".
      field type changed      | fixed64 fingerprint = 2;     | int64 fingerprint = 2;           | Field "2" with name "fingerprint" on message "Journey" changed type from "fixed64" to "int64".
      enum value renumbered   | LINK_TYPE_RAW = 101;         | LINK_TYPE_RAW = 12;              | Previously present enum value "101" on enum "LinkType" was deleted.
      """)
  void breakingChange_failsBufBreaking(
      String change, String before, String after, String expected) {
    edit(before, after);

    Result breaking = buf("breaking", "--against", RELEASE.toString());

    assertThat(breaking.exitCode).as(breaking.output).isEqualTo(100);
    assertThat(breaking.output).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      field not lower_snake_case   | bool ended = 15;                   | bool ended = 15; uint32 retryCount = 16;           | Field name "retryCount" should be lower_snake_case, such as "retry_count".
      enum value without prefix    | DIRECTION_EGRESS = 2;              | DIRECTION_EGRESS = 2; LOOPBACK = 3;                | Enum value name "LOOPBACK" should be prefixed with "DIRECTION_".
      enum zero not UNSPECIFIED    | IP_VERSION_UNSPECIFIED = 0;        | IP_VERSION_UNKNOWN = 0;                            | Enum zero value name "IP_VERSION_UNKNOWN" should be suffixed with "_UNSPECIFIED".
      message not PascalCase       | message FieldChange {              | message field_change_v2 {} message FieldChange {   | Message name "field_change_v2" should be PascalCase, such as "FieldChangeV2".
      """)
  void badName_failsBufLint(String rule, String before, String after, String expected) {
    edit(before, after);

    Result lint = buf("lint");

    assertThat(lint.exitCode).as(lint.output).isEqualTo(100);
    assertThat(lint.output).contains(expected);
  }

  private void edit(String before, String after) {
    Path file = copy.resolve(FLOW);
    try {
      String text = Files.readString(file);
      assertThat(text).as("the text the case edits").contains(before);
      Files.writeString(file, text.replace(before, after));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Result(int exitCode, String output) {}

  private Result buf(String... args) {
    List<String> command = new ArrayList<>(List.of(BUF.toString()));
    command.addAll(List.of(args));
    Path output = copy.resolve("buf-output.txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(copy.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("buf did not finish within a minute: " + command);
      }
      return new Result(process.exitValue(), Files.readString(output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
