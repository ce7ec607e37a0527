package io.dockercanvas.collector.journey;

import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The routing-mesh path of the seed capture, stitched from synthesized observations. */
class RoutingMeshStitchingTest {

  private static final long FIFTY_MS = 50_000_000L;

  private static final List<String> SYN_PATH =
      List.of(
          "manager/eth0",
          "manager/docker_gwbridge",
          "manager/ingress_sbox/eth1",
          "manager/ingress_sbox/eth0",
          "manager/ingress/br0",
          "manager/ingress/vxlan0",
          "manager/eth0",
          "worker/eth0",
          "worker/ingress/vxlan0",
          "worker/ingress/br0",
          "worker/web/eth0");

  @Test
  void stitch_routingMeshSyn_hopsInPathOrderWithRewritesWhereTheyHappen() {
    Journey journey = Stitching.one(SwarmPackets.synLive(0), SwarmPackets.topology(), false);

    assertThat(journey.path()).containsExactlyElementsOf(SYN_PATH);
    assertThat(kinds(journey))
        .containsExactly(
            List.of(),
            List.of(RewriteKind.DNAT),
            List.of(RewriteKind.BRIDGE),
            List.of(RewriteKind.DNAT, RewriteKind.SNAT),
            List.of(RewriteKind.BRIDGE),
            List.of(RewriteKind.BRIDGE),
            List.of(RewriteKind.ENCAP),
            List.of(),
            List.of(RewriteKind.DECAP),
            List.of(RewriteKind.BRIDGE),
            List.of(RewriteKind.BRIDGE));
    assertThat(journey.hops().get(1).rewrites())
        .containsExactly(
            Rewrite.of(
                RewriteKind.DNAT, new FieldChange("inner.ip.dst", "203.0.113.11", "172.21.0.2")));
    assertThat(journey.hops().get(3).rewrites())
        .containsExactly(
            Rewrite.of(
                RewriteKind.DNAT, new FieldChange("inner.ip.dst", "172.21.0.2", "10.0.0.108")),
            Rewrite.of(
                RewriteKind.SNAT, new FieldChange("inner.ip.src", "203.0.113.100", "10.0.0.2")));
    Rewrite encap = journey.hops().get(6).rewrites().get(0);
    assertThat(encap.vni()).isEqualTo(4096);
    assertThat(encap.changes())
        .containsExactly(
            new FieldChange("outer.ip.src", "", "203.0.113.11"),
            new FieldChange("outer.ip.dst", "", "203.0.113.12"),
            new FieldChange("outer.udp.src_port", "", "34633"),
            new FieldChange("outer.udp.dst_port", "", "4789"),
            new FieldChange("outer.vni", "", "4096"));
    assertThat(journey.hops().get(8).rewrites().get(0).vni()).isEqualTo(4096);
    assertThat(journey.networks()).containsExactly("ingress");
    assertThat(journey.services()).containsExactly("web");
  }

  @Test
  void stitch_workerClock50msBehind_sameOrderAndNoCrossNodeLatency() {
    Journey journey =
        Stitching.one(SwarmPackets.synLive(-FIFTY_MS), SwarmPackets.topology(), false);

    assertThat(journey.path()).containsExactlyElementsOf(SYN_PATH);
    assertThat(journey.hops().get(7).latencyNs()).isEqualTo(Hop.LATENCY_UNKNOWN);
    assertThat(journey.hops().get(1).latencyNs()).isEqualTo(46_000);
    // br0's tap is stamped after vxlan0's: the path order stands, the latency is clamped, not
    // negative
    assertThat(journey.hops().get(5).latencyNs()).isZero();
  }

  @Test
  void stitch_observationsArriveShuffled_sameJourney() {
    List<Observation> shuffled = new ArrayList<>(SwarmPackets.synLive(-FIFTY_MS));
    Collections.shuffle(shuffled, new Random(7));

    Journey journey = Stitching.one(shuffled, SwarmPackets.topology(), false);

    assertThat(journey.path()).containsExactlyElementsOf(SYN_PATH);
  }

  @Test
  void stitch_synAckWithWorker50msBehind_reversePathOrderWithConntrackUndoingTheRequestsNat() {
    Journey journey =
        Stitching.one(SwarmPackets.synAckLive(-FIFTY_MS), SwarmPackets.topology(), false);

    List<String> reversed = new ArrayList<>(SYN_PATH);
    Collections.reverse(reversed);
    assertThat(journey.path()).containsExactlyElementsOf(reversed);
    assertThat(journey.nodes()).containsExactly(WORKER, MANAGER);
    assertThat(journey.hops().get(3).has(RewriteKind.ENCAP)).isTrue();
    assertThat(journey.hops().get(5).has(RewriteKind.DECAP)).isTrue();
    assertThat(journey.hops().get(8).rewrites())
        .containsExactly(
            Rewrite.of(
                RewriteKind.UN_SNAT, new FieldChange("inner.ip.dst", "10.0.0.2", "203.0.113.100")),
            Rewrite.of(
                RewriteKind.UN_DNAT, new FieldChange("inner.ip.src", "10.0.0.108", "172.21.0.2")));
    assertThat(journey.hops().get(10).rewrites())
        .containsExactly(
            Rewrite.of(
                RewriteKind.UN_DNAT,
                new FieldChange("inner.ip.src", "172.21.0.2", "203.0.113.11")));
  }

  @Test
  void stitch_recordedOnOneClockWithUnderlayPseudoNode_wireBetweenNodesAndLatencyAcross() {
    Journey journey = Stitching.one(SwarmPackets.synRecorded(), SwarmPackets.topology(), true);

    assertThat(journey.nodes()).containsExactly(MANAGER, "wire", WORKER);
    assertThat(journey.path()).hasSize(10).element(6).isEqualTo("wire/mlabbr");
    assertThat(journey.hops().get(6).has(RewriteKind.ENCAP)).isTrue();
    assertThat(journey.hops().get(7).has(RewriteKind.DECAP)).isTrue();
    assertThat(journey.hops().get(7).latencyNs()).isEqualTo(22_000);
  }

  @Test
  void stitch_recordedWithoutAnyTopology_conventionsAndOneClockStillGivePathOrder() {
    Journey journey = Stitching.one(SwarmPackets.synRecorded(), PathTopology.unknown(), true);

    assertThat(journey.path())
        .containsExactly(
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
    assertThat(journey.hops().get(6).rewrites().get(0).vni()).isEqualTo(4096);
  }

  @Test
  void stitch_noUnderlayCaptureBetweenNodes_encapAndDecapInferredWithTheNetworksVni() {
    List<Observation> overlayOnly =
        SwarmPackets.synLive(-FIFTY_MS).stream().filter(o -> !o.encapsulated()).toList();

    Journey journey = Stitching.one(overlayOnly, SwarmPackets.topology(), false);

    assertThat(journey.path()).hasSize(9).element(6).isEqualTo("worker/ingress/vxlan0");
    assertThat(journey.hops().get(6).rewrites())
        .extracting(Rewrite::kind, Rewrite::vni)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RewriteKind.ENCAP, 4096),
            org.assertj.core.groups.Tuple.tuple(RewriteKind.DECAP, 4096));
  }

  @Test
  void stitch_outsideClientVantagePoint_clientBeforeTheManagerAndAfterItOnTheReply() {
    Observation request =
        SwarmPackets.plain(
            "client",
            "eth0",
            -20,
            SwarmPackets.SYN_FP,
            SwarmPackets.tcp(
                SwarmPackets.CLIENT_IP, SwarmPackets.MANAGER_IP, 42478, 8001, 0x9eeb, 64));
    List<Observation> syn = new ArrayList<>(SwarmPackets.synLive(0));
    syn.add(SwarmPackets.shifted(request, FIFTY_MS)); // the client's clock runs ahead
    Observation reply =
        SwarmPackets.plain(
            "client",
            "eth0",
            40,
            SwarmPackets.SYN_ACK_FP,
            SwarmPackets.tcp(SwarmPackets.MANAGER_IP, SwarmPackets.CLIENT_IP, 8001, 42478, 0, 62));
    List<Observation> synAck = new ArrayList<>(SwarmPackets.synAckLive(0));
    synAck.add(SwarmPackets.shifted(reply, -FIFTY_MS));

    Journey in = Stitching.one(syn, SwarmPackets.topology(), false);
    Journey out = Stitching.one(synAck, SwarmPackets.topology(), false);

    assertThat(in.nodes()).containsExactly("client", MANAGER, WORKER);
    assertThat(in.hops().get(1).rewrites()).as("a plain underlay link, not a tunnel").isEmpty();
    assertThat(out.nodes()).containsExactly(WORKER, MANAGER, "client");
  }

  private static List<List<RewriteKind>> kinds(Journey journey) {
    return journey.hops().stream()
        .map(h -> h.rewrites().stream().map(Rewrite::kind).toList())
        .toList();
  }
}
