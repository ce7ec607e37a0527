package io.dockercanvas.collector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.CaptureCoverage;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyVerdict;
import io.dockercanvas.collector.journey.JourneyVerdict.Answer;
import io.dockercanvas.collector.journey.JourneyVerdict.State;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.journey.StopCause;
import io.dockercanvas.collector.journey.TrafficClass;
import io.dockercanvas.pipeline.replay.CaptureManifest;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.CaptureSpec;
import io.dockercanvas.pipeline.replay.ReplayInput;
import io.dockercanvas.pipeline.replay.TopologyFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Verdicts on the lab's real recording: all delivered as recorded; STOPPED where one node's
 * captures miss the packets while its points are covered; UNKNOWN, never STOPPED, where the
 * destination node has no capture at all.
 */
class VerdictSampleTest {

  static final Path MANIFEST = ExpectedPathSampleTest.MANIFEST;
  static final String CLIENT_TO_WEB = "10.0.1.6>10.0.1.2:80";

  @Test
  void wholeSample_everyJudgedJourneyIsDelivered_requestsAnswered() throws Exception {
    List<Journey> journeys = stitch(spec -> true, false);

    assertThat(journeys.stream().filter(j -> j.trafficClass() == TrafficClass.CONTROL))
        .as("gossip and raft are not judged")
        .isNotEmpty()
        .allSatisfy(j -> assertThat(j.judged()).isEmpty());
    List<Journey> judged =
        journeys.stream().filter(j -> j.trafficClass() != TrafficClass.CONTROL).toList();
    assertThat(judged).hasSizeGreaterThan(150);
    assertThat(judged)
        .allSatisfy(
            j ->
                assertThat(j.verdict().state())
                    .as("%s: %s", j.path(), j.verdict().reason())
                    .isEqualTo(State.DELIVERED));
    List<Journey> syns =
        judged.stream().filter(j -> j.first().observation().headers().tcpFlags() == 2).toList();
    assertThat(syns).as("6 rounds of client->web, web->db, outside->web").hasSize(18);
    assertThat(syns).allSatisfy(j -> assertThat(j.verdict().answer()).isEqualTo(Answer.ANSWERED));
    assertThat(judged.stream().filter(j -> j.verdict().cause() == StopCause.NO_LISTENER))
        .as("the UDP probe to db:33434 is answered 'port unreachable'")
        .hasSize(6)
        .allSatisfy(j -> assertThat(j.verdict().reason()).contains("nothing listens"));
  }

  @Test
  void node2CapturedButNothingArrived_clientToWebStopsBeforeNode2sNic_othersDelivered()
      throws Exception {
    // node2's agent captured (coverage as recorded) but none of its points saw a packet: as if
    // UDP 4789 were dropped on the way to node2
    List<Journey> journeys = stitch(spec -> !spec.node().equals("node2"), true);

    List<Journey> toWeb = connection(journeys, CLIENT_TO_WEB);
    assertThat(toWeb).hasSizeGreaterThanOrEqualTo(6 * 4);
    assertThat(toWeb)
        .allSatisfy(
            j -> {
              JourneyVerdict v = j.verdict();
              assertThat(v.state()).isEqualTo(State.STOPPED);
              assertThat(v.expectedNext()).hasToString("node2:eth0");
              assertThat(v.lastPoint()).hasToString("node1:eth0");
              assertThat(v.cause()).isEqualTo(StopCause.VXLAN_DROPPED_BETWEEN_NODES);
              assertThat(v.facts()).containsEntry("outer_dst", "198.51.100.12:4789");
              assertThat(v.reason())
                  .contains("never reached node2's eth0")
                  .contains("is UDP 4789 open on node2?");
            });
    assertThat(connection(journeys, "10.0.1.6>10.0.1.4:3306"))
        .as("client->db does not cross node2")
        .allSatisfy(j -> assertThat(j.verdict().state()).isEqualTo(State.DELIVERED));
    assertThat(
            journeys.stream()
                .filter(j -> j.trafficClass() != TrafficClass.CONTROL)
                .filter(j -> j.verdict().state() == State.STOPPED)
                .toList())
        .allSatisfy(
            j ->
                assertThat(j.verdict().expectedNext().node())
                    .as(j.path().toString())
                    .isEqualTo("node2"));
  }

  @Test
  void node2WithoutAgent_journeysToNode2AreUnknownNeverStopped() throws Exception {
    List<Journey> journeys = stitch(spec -> !spec.node().equals("node2"), false);

    List<Journey> toWeb = connection(journeys, CLIENT_TO_WEB);
    assertThat(toWeb).isNotEmpty();
    assertThat(toWeb)
        .allSatisfy(
            j -> {
              assertThat(j.verdict().state()).isEqualTo(State.UNKNOWN);
              assertThat(j.verdict().cause()).isEqualTo(StopCause.NO_COVERAGE);
              assertThat(j.verdict().reason()).contains("nothing captures node2:");
            });
    assertThat(journeys.stream().filter(j -> j.judged().isPresent()))
        .noneMatch(j -> j.verdict().state() == State.STOPPED);
  }

  /**
   * The fault recording of branch faultlab ({@code lab fault node2 vxlan-drop}): node2's eth0 sees
   * the VXLAN packets, iptables drops them before its vxlan0. Runs once that recording is merged.
   */
  @Test
  void vxlanDropRecording_clientToWebStopsOnNode2BeforeDecap_clientToDbAndOutsideDelivered()
      throws Exception {
    Path manifest =
        MANIFEST.getParent().resolveSibling("sample-vxlan-drop").resolve("manifest.json");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.exists(manifest), "deploy/lab/sample-vxlan-drop not merged yet");
    List<Journey> journeys = stitch(manifest, spec -> true, false);

    List<Journey> toWeb = connection(journeys, CLIENT_TO_WEB);
    assertThat(toWeb).isNotEmpty();
    assertThat(toWeb)
        .allSatisfy(
            j -> {
              assertThat(j.verdict().state()).isEqualTo(State.STOPPED);
              assertThat(j.verdict().expectedNext()).hasToString("node2:wordpress_net/vxlan0");
              assertThat(j.verdict().cause()).isEqualTo(StopCause.DROPPED_BEFORE_DECAP);
            });
    assertThat(connection(journeys, "10.0.1.6>10.0.1.4:33435"))
        .isNotEmpty()
        .allSatisfy(j -> assertThat(j.verdict().state()).isEqualTo(State.DELIVERED));
    assertThat(
            journeys.stream()
                .filter(j -> j.first().observation().headers().dstPort() == 8001)
                .toList())
        .as("outside -> node2:8001 in host mode crosses no VXLAN")
        .isNotEmpty()
        .allSatisfy(j -> assertThat(j.verdict().state()).isEqualTo(State.DELIVERED));
    assertThat(journeys.stream().filter(j -> j.judged().isPresent()))
        .filteredOn(j -> j.verdict().state() == State.STOPPED)
        .allSatisfy(j -> assertThat(j.verdict().expectedNext().node()).isEqualTo("node2"));
  }

  /** Journeys of one direction of a connection: "src>dst:dport" at the first hop. */
  static List<Journey> connection(List<Journey> journeys, String key) {
    return journeys.stream()
        .filter(
            j -> {
              var h = j.first().observation().headers();
              return (h.src() + ">" + h.dst() + ":" + h.dstPort()).equals(key);
            })
        .toList();
  }

  /**
   * Stitches the sample's captures that pass {@code replayed}; with {@code coverAll} the coverage
   * stays the whole manifest (the other points were captured but saw nothing).
   */
  static List<Journey> stitch(Predicate<CaptureSpec> replayed, boolean coverAll) throws Exception {
    return stitch(MANIFEST, replayed, coverAll);
  }

  /**
   * The journeys of a recording's captures that {@code replayed} keeps; with {@code coverAll} the
   * collector knows every recorded point as captured, as if their agents had reported them.
   */
  static List<Journey> stitch(Path manifest, Predicate<CaptureSpec> replayed, boolean coverAll)
      throws Exception {
    List<CaptureSpec> all = CaptureManifest.read(manifest);
    List<CaptureSpec> specs = all.stream().filter(replayed).toList();
    CaptureReplay replay =
        new CaptureReplay(
            new ReplayInput(
                specs,
                TopologyFiles.readBeside(manifest),
                CaptureManifest.recordedAddresses(manifest)));
    List<Journey> journeys = new ArrayList<>();
    OfflineStitching.run(
        replay,
        StitcherConfig.withWindow(Duration.ofSeconds(1)),
        core -> {
          if (coverAll) {
            core.captureMonitor().fix(coverage(all));
          }
        },
        journeys::add);
    return journeys;
  }

  static CaptureCoverage coverage(List<CaptureSpec> specs) {
    Map<String, Set<String>> points = new TreeMap<>();
    specs.forEach(s -> points.computeIfAbsent(s.node(), n -> new TreeSet<>()).add(s.point()));
    return new CaptureCoverage(points);
  }

  static String summary(List<Journey> journeys) {
    return journeys.stream()
        .filter(j -> j.judged().isPresent())
        .collect(
            Collectors.groupingBy(
                j -> j.verdict().state() + " " + j.verdict().cause(), Collectors.counting()))
        .toString();
  }
}
