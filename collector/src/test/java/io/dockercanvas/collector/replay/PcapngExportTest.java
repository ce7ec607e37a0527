package io.dockercanvas.collector.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyPcapng;
import io.dockercanvas.collector.journey.RewriteKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: pcapng export read back by tshark, the reference decoder, on journeys stitched from the
 * lab's real recording: one interface per hop named node:point with its own link type, one frame
 * per hop, the rewrites in the packet comments.
 */
class PcapngExportTest {

  @TempDir Path dir;

  @Test
  void nineHopJourney_tsharkReadsNineFramesNamedByPointWithTheRewritesInComments()
      throws Exception {
    assumeTrue(onPath("tshark"), "tshark is not installed (apt-get install tshark)");
    List<Journey> journeys = VerdictSampleTest.stitch(spec -> true, false);
    Journey journey =
        journeys.stream()
            .filter(j -> j.hops().size() == 9)
            .filter(j -> j.hops().stream().allMatch(h -> h.observation().frame().size() > 0))
            .filter(PcapngExportTest::hasEncapAndDecap)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no 9-hop cross-node journey in the sample"));

    JourneyPcapng.Export export = JourneyPcapng.write(List.of(journey));
    List<String[]> frames =
        tshark(export, "frame.interface_name", "frame.comment", "frame.time_epoch");

    assertThat(export.frames()).isEqualTo(9);
    assertThat(frames).hasSize(9);
    for (int i = 0; i < 9; i++) {
      Hop hop = journey.hops().get(i);
      String name = hop.observation().node() + ":" + hop.observation().point().name();
      assertThat(frames.get(i)[0]).as("interface of hop %d", i + 1).isEqualTo(name);
      assertThat(frames.get(i)[1])
          .startsWith("journey " + journey.id() + " hop " + (i + 1) + "/9 " + name);
    }
    assertThat(frames).anySatisfy(f -> assertThat(f[1]).contains(": ENCAP vni "));
    assertThat(frames).anySatisfy(f -> assertThat(f[1]).contains(": DECAP vni "));
    // nanosecond timestamps as recorded
    assertThat(Long.parseLong(frames.get(0)[2].replace(".", "")))
        .isEqualTo(journey.hops().get(0).observation().timestampNs());
  }

  @Test
  void manyJourneysOfMixedLinkTypes_oneFileTsharkReadsWhole() throws Exception {
    assumeTrue(onPath("tshark"), "tshark is not installed (apt-get install tshark)");
    List<Journey> journeys = VerdictSampleTest.stitch(spec -> true, false);
    int hops = journeys.stream().mapToInt(j -> j.hops().size()).sum();

    JourneyPcapng.Export export = JourneyPcapng.write(journeys);
    List<String[]> frames = tshark(export, "frame.interface_name", "frame.encap_type");

    assertThat(export.frames() + export.skipped()).isEqualTo(hops);
    assertThat(frames).hasSize(export.frames());
    assertThat(frames.stream().map(f -> f[0]).distinct().count())
        .isEqualTo(export.interfaces())
        .isGreaterThan(10);
    // the DNAT in the comments of the outside client's published-port journeys
    assertThat(tshark(export, "frame.comment"))
        .anySatisfy(f -> assertThat(f[0]).contains(": DNAT "));
  }

  private static boolean hasEncapAndDecap(Journey j) {
    return j.hops().stream().anyMatch(h -> has(h, RewriteKind.ENCAP))
        && j.hops().stream().anyMatch(h -> has(h, RewriteKind.DECAP));
  }

  private static boolean has(Hop hop, RewriteKind kind) {
    return hop.rewrites().stream().anyMatch(r -> r.kind() == kind);
  }

  private List<String[]> tshark(JourneyPcapng.Export export, String... fields) throws Exception {
    Path file = Files.write(dir.resolve("journeys.pcapng"), export.bytes());
    List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
    command.addAll(List.of("-T", "fields", "-E", "separator=\t"));
    for (String field : fields) {
      command.addAll(List.of("-e", field));
    }
    Process tshark =
        new ProcessBuilder(command).redirectError(dir.resolve("tshark.err").toFile()).start();
    byte[] out = tshark.getInputStream().readAllBytes();
    assertThat(tshark.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tshark.exitValue()).as(Files.readString(dir.resolve("tshark.err"))).isZero();
    return new String(out, StandardCharsets.UTF_8)
        .lines()
        .map(line -> line.split("\t", -1))
        .toList();
  }

  private static boolean onPath(String command) throws IOException {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }
}
