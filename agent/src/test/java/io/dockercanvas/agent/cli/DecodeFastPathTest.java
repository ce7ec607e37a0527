package io.dockercanvas.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.testing.TestCaptures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The picocli-free start-up path must behave exactly like the picocli command it stands in for. */
class DecodeFastPathTest {
  static final String WIRE = DecodeCommandTest.WIRE.toString();

  @TempDir Path dir;

  @Test
  void parsePlain_acceptsOnlyPlainValidDecodeInvocations() {
    assertThat(DecodeRun.parsePlain(new String[] {"decode", WIRE})).isNotNull();
    assertThat(
            DecodeRun.parsePlain(new String[] {"decode", "--stats", WIRE, "--vxlan-port", "7789"}))
        .isNotNull();
    assertThat(DecodeRun.parsePlain(new String[] {"decode", "--vxlan-port=7789", WIRE}))
        .isNotNull();

    for (List<String> other :
        List.<List<String>>of(
            List.of(),
            List.of("decode"),
            List.of("decode", "--help"),
            List.of("decode", "-h", WIRE),
            List.of("decode", WIRE, WIRE),
            List.of("decode", "--stat", WIRE),
            List.of("decode", "@args.txt"),
            List.of("decode", "--vxlan-port", "0", WIRE),
            List.of("decode", "--vxlan-port", "x", WIRE),
            List.of("decode", WIRE, "--vxlan-port"),
            List.of("decode", "--", WIRE),
            List.of("snapshot", WIRE),
            List.of("--help"))) {
      assertThat(DecodeRun.parsePlain(other.toArray(String[]::new))).as("%s", other).isNull();
    }
  }

  @Test
  void execute_plainInvocations_printTheSameAsThePicocliCommand() throws IOException {
    Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
    Path conformance = TestCaptures.file("conformance", "zeek__geneve-vxlan-dns-truncated.pcap");
    List<List<String>> invocations =
        List.of(
            List.of("decode", WIRE),
            List.of("decode", "--stats", WIRE),
            List.of("decode", conformance.toString(), "--vxlan-port", "7789"),
            List.of("decode", "--vxlan-port=4790", "--stats", conformance.toString()),
            List.of("decode", empty.toString()),
            List.of("decode", dir.resolve("missing.pcap").toString()));
    for (List<String> invocation : invocations) {
      String[] args = invocation.toArray(String[]::new);
      assertThat(DecodeRun.parsePlain(args)).as("fast path taken for %s", invocation).isNotNull();

      assertThat(CliRun.of(args)).as("%s", invocation).isEqualTo(CliRun.viaPicocli(args));
    }
  }
}
