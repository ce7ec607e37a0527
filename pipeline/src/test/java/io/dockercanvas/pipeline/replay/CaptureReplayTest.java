package io.dockercanvas.pipeline.replay;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_SYN;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.pipeline.testing.CaptureBytes;
import io.dockercanvas.pipeline.testing.TestCaptures;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.Capability;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.SamplingReason;
import io.dockercanvas.proto.v1.TraceFilter;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReplayTest {

  private static final int SYN_IP_ID = 0x9eeb;

  @TempDir Path dir;

  private static CaptureReplay routingMesh(Map<String, String> addresses) throws IOException {
    List<CaptureSpec> captures =
        CaptureManifest.read(TestCaptures.file("routing-mesh", "manifest.json"));
    return new CaptureReplay(new ReplayInput(captures, Map.of(), addresses));
  }

  @Test
  void play_routingMesh_eachNodeSaysHelloThenTopologyThenBatchesInSequence() throws Exception {
    RecordingConnector collector = new RecordingConnector();
    CaptureReplay replay = routingMesh(Map.of("manager", "203.0.113.11", "worker", "203.0.113.12"));

    ReplayTotals totals;
    try (ReplaySession session = replay.connect(collector)) {
      totals = session.play(Pacing.asRecorded(), ReplaySession.SliceListener.NONE);
    }

    assertThat(collector.sent.keySet()).containsExactly("client", "manager", "wire", "worker");
    assertThat(collector.closed).containsExactlyInAnyOrder("client", "manager", "wire", "worker");
    collector.sent.forEach(
        (node, messages) -> {
          assertThat(messages.get(0).getHello().getNode().getId()).isEqualTo(node);
          assertThat(messages.get(0).getHello().getCapabilitiesList())
              .containsExactly(Capability.CAPABILITY_REPLAY);
          assertThat(messages.get(1).getTopologySnapshot().getTopology().getNode().getId())
              .isEqualTo(node);
          List<Long> sequences =
              messages.stream()
                  .filter(AgentMessage::hasObservationBatch)
                  .map(m -> m.getObservationBatch().getSequence())
                  .toList();
          assertThat(sequences).isNotEmpty();
          for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(i + 1L);
          }
        });
    assertThat(collector.sent.get("manager").get(0).getHello().getNode().getAdvertiseAddress())
        .isEqualTo("203.0.113.11");
    // 43 frames on the client NIC, 37 at each of the 10 other points, all TCP or ICMP: nothing left
    // out
    assertThat(totals.frames()).isEqualTo(43 + 10 * 37);
    assertThat(totals.observations()).isEqualTo(totals.frames());
    assertThat(totals.malformed()).isZero();
    assertThat(collector.observations()).hasSize((int) totals.observations());
  }

  @Test
  void play_routingMesh_eachNodesObservationsInCaptureTimeOrder() throws Exception {
    RecordingConnector collector = new RecordingConnector();
    try (ReplaySession session = routingMesh(Map.of()).connect(collector)) {
      session.play(Pacing.asRecorded(), ReplaySession.SliceListener.NONE);
    }

    for (String node : collector.sent.keySet()) {
      List<Long> times =
          collector.observations(node).stream().map(PacketObservation::getTsNs).toList();
      assertThat(times).as(node).isSorted();
    }
  }

  @Test
  void play_firstSyn_seenAtEveryPointWithOneFingerprint() throws Exception {
    RecordingConnector collector = new RecordingConnector();
    try (ReplaySession session = routingMesh(Map.of()).connect(collector)) {
      session.play(Pacing.asRecorded(), ReplaySession.SliceListener.NONE);
    }

    List<PacketObservation> syn =
        collector.observations().stream()
            .filter(o -> o.getInner().getIp().getId() == SYN_IP_ID)
            .toList();
    assertThat(syn)
        .extracting(o -> o.getPoint().getNodeId() + "/" + o.getPoint().getName())
        .containsExactlyInAnyOrder(
            "client/eth0",
            "manager/eth0",
            "manager/docker_gwbridge",
            "manager/ingress_sbox/eth1",
            "manager/ingress_sbox/eth0",
            "manager/ingress/br0",
            "manager/ingress/vxlan0",
            "wire/mlabbr",
            "worker/ingress/vxlan0",
            "worker/ingress/br0",
            "worker/web/eth0");
    assertThat(syn.stream().map(PacketObservation::getFingerprint).collect(Collectors.toSet()))
        .hasSize(1);
    PacketObservation onWire =
        syn.stream().filter(o -> o.getPoint().getName().equals("mlabbr")).findFirst().orElseThrow();
    assertThat(onWire.getOuter().getVni()).isEqualTo(4096);
    assertThat(onWire.getOuter().getUdp().getSrcPort()).isEqualTo(34633);
  }

  @Test
  void play_live_firstPacketStampedNowSpacingKeptAndPacedBySpeed() throws Exception {
    CaptureReplay replay = routingMesh(Map.of());
    TimeRange recorded = replay.timeRange();
    RecordingConnector collector = new RecordingConnector();
    List<Long> slices = new ArrayList<>();
    double speed = 8;

    long before = Pacing.nowNs();
    long started = System.nanoTime();
    try (ReplaySession session = replay.connect(collector)) {
      session.play(Pacing.live(speed), slices::add);
    }
    long took = System.nanoTime() - started;

    List<PacketObservation> all = collector.observations();
    long first = all.stream().mapToLong(PacketObservation::getTsNs).min().orElseThrow();
    long last = all.stream().mapToLong(PacketObservation::getTsNs).max().orElseThrow();
    assertThat(first).isBetween(before, before + 1_000_000_000L);
    assertThat(last - first).isEqualTo(recorded.spanNs());
    assertThat(took).isGreaterThanOrEqualTo((long) (recorded.spanNs() / speed * 0.95));
    assertThat(slices).isSorted().last().isEqualTo(last);
    assertThat(recorded.spanNs()).as("the recording spans seconds").isGreaterThan(2_000_000_000L);
  }

  @Test
  void play_twice_sequencesContinueAndTimestampsRestampedPerPass() throws Exception {
    RecordingConnector collector = new RecordingConnector();
    CaptureReplay replay = routingMesh(Map.of());
    try (ReplaySession session = replay.connect(collector)) {
      session.play(Pacing.catchUpEndingNow(replay.timeRange()), ReplaySession.SliceListener.NONE);
      session.play(Pacing.live(1000), ReplaySession.SliceListener.NONE);
    }

    List<AgentMessage> worker = collector.sent.get("worker");
    assertThat(worker.stream().filter(AgentMessage::hasHello)).hasSize(1);
    List<Long> sequences =
        worker.stream()
            .filter(AgentMessage::hasObservationBatch)
            .map(m -> m.getObservationBatch().getSequence())
            .toList();
    assertThat(sequences).doesNotHaveDuplicates().isSorted();
    assertThat(collector.observations("worker")).hasSize(2 * 3 * 37);
    long now = Pacing.nowNs();
    assertThat(
            collector.observations("worker").stream()
                .mapToLong(PacketObservation::getTsNs)
                .min()
                .orElseThrow())
        .isBetween(now - 60_000_000_000L, now);
  }

  @Test
  void play_captureConfigSamplesAFraction_controlPacketsStillAtEveryPoint() throws Exception {
    RecordingConnector collector = new RecordingConnector();
    CaptureReplay replay = routingMesh(Map.of());
    replay.useCaptureConfig(CaptureConfig.newBuilder().setSampleBelow(0).setSnapLength(64).build());

    ReplayTotals totals;
    try (ReplaySession session = replay.connect(collector)) {
      totals = session.play(Pacing.asRecorded(), ReplaySession.SliceListener.NONE);
    }

    assertThat(totals.notSampled()).isPositive();
    assertThat(collector.observations())
        .allSatisfy(
            o -> {
              assertThat(o.getInner().getTcp().getFlags() & 0x07).isNotZero();
              assertThat(o.getFrameHead().size()).isLessThanOrEqualTo(64);
            });
    Set<String> pointsWithSyn =
        collector.observations().stream()
            .filter(o -> o.getInner().getIp().getId() == SYN_IP_ID)
            .map(o -> o.getPoint().getNodeId() + "/" + o.getPoint().getName())
            .collect(Collectors.toSet());
    assertThat(pointsWithSyn).hasSize(11);
  }

  @Test
  void play_traceFilterOnThePublishedPort_everyPacketOfItKeptDespiteNoHashSampling()
      throws Exception {
    RecordingConnector collector = new RecordingConnector();
    CaptureReplay replay = routingMesh(Map.of());
    replay.useCaptureConfig(
        CaptureConfig.newBuilder()
            .setSampleBelow(0)
            .addTraceFilters(TraceFilter.newBuilder().setId("mesh").addPorts(8001))
            .build());

    ReplayTotals totals;
    try (ReplaySession session = replay.connect(collector)) {
      totals = session.play(Pacing.asRecorded(), ReplaySession.SliceListener.NONE);
    }

    // only the client's 3 pings (6 ICMP frames) are neither port 8001 nor TCP control
    assertThat(totals.notSampled()).isEqualTo(6);
    // a trace-filter match is reported as such even for SYN/FIN/RST (the contract's precedence)
    assertThat(collector.observations())
        .hasSize(413 - 6)
        .extracting(PacketObservation::getSamplingReason)
        .containsOnly(SamplingReason.SAMPLING_REASON_TRACE_FILTER);
  }

  @Test
  void play_malformedAndNonIpFrames_skippedAndMalformedReportedLost() throws Exception {
    byte[] syn =
        ethernet(
            "02:00:00:00:00:01",
            "02:00:00:00:00:02",
            ETHERTYPE_IPV4,
            ipv4Tcp("10.0.1.6", "10.0.1.2", 5, 64, 40000, 80, 1, 0, TCP_SYN, new byte[0]));
    byte[] arp = ethernet("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", 0x0806, new byte[28]);
    byte[] cut = Arrays.copyOf(syn, 40);
    Path file = dir.resolve("node1__eth0.pcap");
    Files.write(
        file,
        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1)
            .record(1_700_000_000L, 0, syn, syn.length)
            .record(1_700_000_000L, 10, arp, arp.length)
            .record(1_700_000_000L, 20, cut, syn.length)
            .bytes());
    RecordingConnector collector = new RecordingConnector();

    ReplayTotals totals;
    try (ReplaySession session =
        new CaptureReplay(
                new ReplayInput(
                    List.of(CaptureSpec.parse("node1:eth0=" + file)), Map.of(), Map.of()))
            .connect(collector)) {
      totals = session.play(Pacing.asRecorded(), ReplaySession.SliceListener.NONE);
    }

    assertThat(totals)
        .extracting(
            ReplayTotals::frames,
            ReplayTotals::observations,
            ReplayTotals::notIp,
            ReplayTotals::malformed)
        .containsExactly(3L, 1L, 1L, 1L);
    AgentMessage lost = collector.sent.get("node1").get(collector.sent.get("node1").size() - 1);
    assertThat(lost.getLostEvent().getSource())
        .isEqualTo(LostEventSource.LOST_EVENT_SOURCE_AGENT_DECODE);
    assertThat(lost.getLostEvent().getCount()).isEqualTo(1);
    assertThat(lost.getLostEvent().getPoint().getName()).isEqualTo("eth0");
    assertThat(lost.getLostEvent().getDetail()).contains("node1__eth0.pcap", "TCP header");
  }

  /**
   * The -s 96 lab recording on node1: its underlay capture cuts the inner TCP header of every VXLAN
   * frame after the acknowledgement number; the overlay bridge sees the same packets whole.
   */
  @Test
  void play_snaplen96_underlayFramesCutInsideTheTcpHeaderAreObservedWithTheBridgesFingerprints()
      throws Exception {
    RecordingConnector collector = new RecordingConnector();
    ReplayTotals totals;
    try (ReplaySession session =
        new CaptureReplay(
                new ReplayInput(
                    List.of(
                        CaptureSpec.parse(
                            "node1:eth0=" + TestCaptures.file("snaplen96", "node1__eth0.pcap")),
                        CaptureSpec.parse(
                            "node1:wordpress_net/br0="
                                + TestCaptures.file(
                                    "snaplen96", "node1__wordpress_net__br0.pcap"))),
                    Map.of(),
                    Map.of()))
            .connect(collector)) {
      totals = session.play(Pacing.asRecorded(), ReplaySession.SliceListener.NONE);
    }

    Map<String, List<PacketObservation>> byPoint =
        collector.observations("node1").stream()
            .collect(Collectors.groupingBy(o -> o.getPoint().getName()));
    Set<Long> atBridge =
        byPoint.get("wordpress_net/br0").stream()
            .filter(o -> o.getInner().hasTcp())
            .map(PacketObservation::getFingerprint)
            .collect(Collectors.toSet());
    List<PacketObservation> cutTcp =
        byPoint.get("eth0").stream()
            .filter(o -> o.hasOuter() && o.getInner().hasTcp() && o.getCaplen() < o.getOrigLen())
            .toList();
    assertThat(cutTcp).as("VXLAN frames with the inner TCP header cut").hasSize(48);
    assertThat(cutTcp).allSatisfy(o -> assertThat(atBridge).contains(o.getFingerprint()));
    assertThat(totals.malformed()).isZero();
    // 4 UDP probes keep 4 of their 18 payload bytes, their 4 port-unreachable answers 4 bytes of
    // the quote
    assertThat(totals.cutShort()).isEqualTo(8);
  }

  @Test
  void checkReadable_missingOrForeignFile_refusedNamingTheCapture() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a capture");
    CaptureReplay missing =
        new CaptureReplay(
            new ReplayInput(
                List.of(CaptureSpec.parse("node1:eth0=" + dir.resolve("none.pcap"))),
                Map.of(),
                Map.of()));
    CaptureReplay foreign =
        new CaptureReplay(
            new ReplayInput(List.of(CaptureSpec.parse("node1:eth0=" + text)), Map.of(), Map.of()));

    assertThatThrownBy(missing::checkReadable)
        .hasMessageContaining("capture node1:eth0=")
        .hasMessageContaining("no such file");
    assertThatThrownBy(foreign::checkReadable).hasMessageContaining("not a pcap or pcapng file");
  }

  @Test
  void input_samePointTwice_refused() {
    CaptureSpec a = CaptureSpec.parse("node1:eth0=a.pcap");
    CaptureSpec b = CaptureSpec.parse("node1:eth0=b.pcap");

    assertThatThrownBy(() -> new ReplayInput(List.of(a, b), Map.of(), Map.of()))
        .hasMessageContaining("node1:eth0 is given twice");
    assertThatThrownBy(() -> new ReplayInput(List.of(), Map.of(), Map.of()))
        .hasMessageContaining("--capture");
  }
}
