package io.dockercanvas.agent.cli;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.testing.Allocations;
import io.dockercanvas.pipeline.testing.CaptureBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole decode loop (read, decode, fingerprint, count, JSON) allocates nothing per frame, whole
 * or cut by a snap length inside a header.
 */
class DecodeRunAllocationTest {
  @TempDir Path dir;

  private Path capture(String name, int frames) throws IOException {
    CaptureBytes pcap = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1);
    for (int i = 0; i < frames; i++) {
      byte[] inner =
          ethernet(
              "02:42:0a:00:00:02",
              "02:42:0a:00:00:6c",
              ETHERTYPE_IPV4,
              ipv4Tcp(
                  "10.0.0.2",
                  "10.0.0.108",
                  i & 0xFFFF,
                  62,
                  42478,
                  8001,
                  1000L + i * 100L,
                  7,
                  TCP_ACK,
                  new byte[100]));
      byte[] frame = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096 + i % 3, inner);
      // every other frame cut as by tcpdump -s 96 or inside the inner TCP or IP header
      int caplen = i % 2 == 0 ? frame.length : new int[] {96, 90, 99, 80}[i / 2 % 4];
      pcap.record(1_700_000_000L + i, i % 1_000_000, Arrays.copyOf(frame, caplen), frame.length);
    }
    return Files.write(dir.resolve(name), pcap.bytes());
  }

  @Test
  void run_twiceTheFrames_allocatesNoMore() throws Exception {
    Path small = capture("small.pcap", 5_000);
    Path large = capture("large.pcap", 25_000);
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    for (boolean stats : new boolean[] {false, true}) {
      for (int warmUp = 0; warmUp < 3; warmUp++) {
        new DecodeRun(large, stats, 4789).run(discard, discard);
      }
      long forSmall =
          Allocations.allocatedBy(() -> new DecodeRun(small, stats, 4789).run(discard, discard));
      long forLarge =
          Allocations.allocatedBy(() -> new DecodeRun(large, stats, 4789).run(discard, discard));

      assertThat(forLarge - forSmall)
          .as(
              "extra bytes for 20000 more frames (stats %s; %d for the small file)",
              stats, forSmall)
          .isLessThan(20_000);
    }
  }
}
