package io.dockercanvas.collector.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JourneyPcapTest {

  @Test
  void write_routingMeshSyn_nanosecondPcapWithOneFramePerHop() {
    Journey journey =
        Stitching.one(Frames.withFrames(SwarmPackets.synLive(0)), SwarmPackets.topology(), false);

    JourneyPcap.Export export = JourneyPcap.write(journey);

    ByteBuffer b = ByteBuffer.wrap(export.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(0)).isEqualTo(0xa1b23c4d);
    assertThat(b.getInt(20)).isEqualTo(1);
    assertThat(export.frames()).isEqualTo(11);
    assertThat(export.skipped()).isZero();
    long firstTs = b.getInt(24) * 1_000_000_000L + b.getInt(28);
    assertThat(firstTs).isEqualTo(SwarmPackets.T0);
  }

  @Test
  void write_hopWithoutFrameBytes_leftOutAndCounted() {
    List<Observation> observations = Frames.withFrames(SwarmPackets.synOnManager());
    Observation bare = observations.get(2);
    List<Observation> mixed =
        List.of(
            observations.get(0),
            observations.get(1),
            new Observation(
                bare.node(),
                bare.point(),
                bare.timestampNs(),
                bare.fingerprint(),
                bare.headers(),
                null,
                null,
                0,
                1));

    JourneyPcap.Export export =
        JourneyPcap.write(Stitching.one(mixed, SwarmPackets.topology(), false));

    assertThat(export.frames()).isEqualTo(2);
    assertThat(export.skipped()).isEqualTo(1);
  }

  @Test
  void write_openedByTshark_everyHopDecodesWithItsAddressesAndTheVni(@TempDir Path dir)
      throws Exception {
    assumeTrue(
        onPath("tshark"),
        "tshark is not installed (apt-get install tshark): cannot check the pcap with it");
    Journey journey =
        Stitching.one(Frames.withFrames(SwarmPackets.synLive(0)), SwarmPackets.topology(), false);
    Path file = dir.resolve("journey.pcap");
    Files.write(file, JourneyPcap.write(journey).bytes());

    Process tshark =
        new ProcessBuilder(
                "tshark",
                "-n",
                "-r",
                file.toString(),
                "-T",
                "fields",
                "-E",
                "separator=,",
                "-e",
                "ip.dst",
                "-e",
                "tcp.dstport",
                "-e",
                "vxlan.vni")
            .redirectError(dir.resolve("tshark.err").toFile())
            .start();
    assertThat(tshark.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines =
        new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

    assertThat(tshark.exitValue()).as(Files.readString(dir.resolve("tshark.err"))).isZero();
    assertThat(lines).hasSize(11);
    assertThat(lines.get(0)).isEqualTo("203.0.113.11,8001,");
    assertThat(lines.get(1)).isEqualTo("172.21.0.2,8001,");
    assertThat(lines.get(6)).isEqualTo("203.0.113.12,10.0.0.108,8001,4096");
    assertThat(lines.get(10)).isEqualTo("10.0.0.108,8001,");
  }

  private static boolean onPath(String command) throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
