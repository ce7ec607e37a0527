package io.dockercanvas.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockercanvas.pipeline.testing.TestCaptures;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by Wireshark's own tools (pcapng with its options, nanosecond pcap) decode to the
 * same lines as the original capture. Needs editcap (installed with tshark).
 */
class DecodeInteropTest {
  @TempDir Path dir;

  private static Path editcap() {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(folder, "editcap");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void decode_captureRewrittenByEditcap_printsTheSameFrames()
      throws IOException, InterruptedException {
    Path editcap = editcap();
    assumeTrue(editcap != null, "editcap is not on PATH (apt-get install tshark)");
    for (String capture :
        List.of(
            "routing-mesh/wire__mlabbr.pcap",
            "conformance/zeek__geneve-vxlan-dns-truncated.pcap",
            "routing-mesh/client__eth0.pcap")) {
      String[] parts = capture.split("/");
      Path original = TestCaptures.file(parts[0], parts[1]);
      String expected = CliRun.of("decode", original.toString()).out();
      for (String format : List.of("pcapng", "nsecpcap")) {
        Path converted = dir.resolve(parts[1] + "." + format);
        Process process =
            new ProcessBuilder(
                    editcap.toString(), "-F", format, original.toString(), converted.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0)
            .as("editcap -F %s", format)
            .isTrue();

        CliRun run = CliRun.of("decode", converted.toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).as("%s as %s", capture, format).isEqualTo(expected);
      }
    }
  }
}
