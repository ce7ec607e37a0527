package io.dockercanvas.collector.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.JourneyVerdict.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The causes the judge names, on journeys cut where each fault stops a packet. */
class VerdictJudgeTest {

  private static final String CLIENT = "10.0.1.6";
  private static final String WEB = "10.0.1.2";
  private static final IpHeaders TO_WEB =
      new IpHeaders(CLIENT, WEB, 45488, 80, IpHeaders.TCP, 1, 64, 0x10);
  private static final VxlanHeaders TUNNEL =
      new VxlanHeaders("198.51.100.11", "198.51.100.12", 40000, 4789, 4097);

  private final NodeAddresses topology =
      new NodeAddresses()
          .putAddress("node1", "198.51.100.11")
          .putAddress("node2", "198.51.100.12")
          .putNetwork("wordpress_net", 4097)
          .putEndpoint(CLIENT, new Endpoint("node1", "client", "eth0", "wordpress_net"))
          .putEndpoint(WEB, new Endpoint("node2", "web", "eth0", "wordpress_net"))
          .putMac("02:42:ac:11:00:03", new Endpoint("node2", "web", "eth1", "docker_gwbridge"));
  private final CaptureCoverage coverage =
      new CaptureCoverage(
          Map.of(
              "node1",
              Set.of("eth0", "client/eth0", "wordpress_net/br0", "wordpress_net/vxlan0"),
              "node2",
              Set.of(
                  "eth0",
                  "docker_gwbridge",
                  "web/eth0",
                  "web/eth1",
                  "wordpress_net/br0",
                  "wordpress_net/vxlan0")));

  @Test
  void seenAtBridgeNeverAtVtep_noFdbEntry() {
    JourneyVerdict v =
        judge(plain("node1", "client/eth0", 60), plain("node1", "wordpress_net/br0", 60));

    assertThat(v.state()).isEqualTo(State.STOPPED);
    assertThat(v.expectedNext()).hasToString("node1:wordpress_net/vxlan0");
    assertThat(v.cause()).isEqualTo(StopCause.NO_FDB_ENTRY);
    assertThat(v.reason()).contains("no forwarding entry for 10.0.1.2's VTEP");
  }

  @Test
  void overMtuPacketNeverEncapsulated_mtu_fittingOnesNeverEncapsulated_noFdbEntry() {
    // a container whose MTU was set to 1500 on a 1450 overlay
    JourneyVerdict large =
        judge(
            plain("node1", "client/eth0", 1514),
            plain("node1", "wordpress_net/br0", 1514),
            plain("node1", "wordpress_net/vxlan0", 1514));
    JourneyVerdict full =
        judge(
            plain("node1", "client/eth0", 1464),
            plain("node1", "wordpress_net/br0", 1464),
            plain("node1", "wordpress_net/vxlan0", 1464));
    JourneyVerdict small =
        judge(
            plain("node1", "client/eth0", 60),
            plain("node1", "wordpress_net/br0", 60),
            plain("node1", "wordpress_net/vxlan0", 60));

    assertThat(large.cause()).isEqualTo(StopCause.MTU_EXCEEDED);
    assertThat(large.facts()).containsEntry("length", "1500").containsEntry("overlay_mtu", "1450");
    assertThat(large.expectedNext()).hasToString("node1:eth0");
    // tcpdump on vxlan0 sees what the driver then finds no VTEP for (lab fault fdb)
    assertThat(List.of(full, small))
        .allSatisfy(
            v -> {
              assertThat(v.state()).isEqualTo(State.STOPPED);
              assertThat(v.expectedNext()).hasToString("node1:eth0");
              assertThat(v.cause()).isEqualTo(StopCause.NO_FDB_ENTRY);
              assertThat(v.reason())
                  .contains(
                      "out of node1's wordpress_net vxlan0 but never encapsulated on its eth0");
            });
  }

  @Test
  void encapsulatedLeavingNeverOnPeersNic_vxlanDroppedBetweenNodes() {
    JourneyVerdict v =
        judge(
            plain("node1", "client/eth0", 60),
            plain("node1", "wordpress_net/br0", 60),
            plain("node1", "wordpress_net/vxlan0", 60),
            encapsulated("node1", "eth0"));

    assertThat(v.state()).isEqualTo(State.STOPPED);
    assertThat(v.lastPoint()).hasToString("node1:eth0");
    assertThat(v.expectedNext()).hasToString("node2:eth0");
    assertThat(v.cause()).isEqualTo(StopCause.VXLAN_DROPPED_BETWEEN_NODES);
    assertThat(v.reason()).contains("is UDP 4789 open on node2?");
  }

  @Test
  void kernelDropsAtTheNextPoint_unknownNotStopped() {
    VerdictJudge judge =
        new VerdictJudge(
            topology, () -> coverage, (point, ts) -> point.toString().equals("node2:eth0"));

    JourneyVerdict v =
        judge
            .judge(journey(plain("node1", "client/eth0", 60), encapsulated("node1", "eth0")))
            .orElseThrow();

    assertThat(v.state()).isEqualTo(State.UNKNOWN);
    assertThat(v.cause()).isEqualTo(StopCause.KERNEL_DROPS);
  }

  @Test
  void dnatOnGatewayBridgeNeverAtTheTask_publishedPortNotDelivered() {
    IpHeaders published =
        new IpHeaders("198.51.100.100", "198.51.100.12", 36298, 8001, IpHeaders.TCP, 1, 64, 0x02);
    IpHeaders translated =
        new IpHeaders("198.51.100.100", "172.17.0.3", 36298, 80, IpHeaders.TCP, 1, 63, 0x02);
    byte[] toWebEth1 = new byte[60];
    byte[] mac = {0x02, 0x42, (byte) 0xac, 0x11, 0x00, 0x03};
    System.arraycopy(mac, 0, toWebEth1, 0, 6);

    JourneyVerdict v =
        judge(
            new Observation("node2", "eth0", 1, 1, published, null, new byte[60], 60, 1),
            new Observation("node2", "docker_gwbridge", 2, 1, translated, null, toWebEth1, 60, 1));

    assertThat(v.state()).isEqualTo(State.STOPPED);
    assertThat(v.expectedNext()).hasToString("node2:web/eth1");
    assertThat(v.cause()).isEqualTo(StopCause.PUBLISHED_PORT_NOT_DELIVERED);
    assertThat(v.facts())
        .containsEntry("published", "198.51.100.12:8001")
        .containsEntry("dnat_to", "172.17.0.3:80");
  }

  @Test
  void controlPlane_notJudged() {
    IpHeaders gossip =
        new IpHeaders("198.51.100.11", "198.51.100.12", 7946, 7946, IpHeaders.UDP, 1, 64, 0);
    assertThat(
            new VerdictJudge(topology, () -> coverage, CaptureHealth.healthy())
                .judge(journey(new Observation("node1", "eth0", 1, 1, gossip, null, null, 60, 1))))
        .isEmpty();
  }

  private JourneyVerdict judge(Observation... hops) {
    return new VerdictJudge(topology, () -> coverage, CaptureHealth.healthy())
        .judge(journey(hops))
        .orElseThrow();
  }

  private static Journey journey(Observation... observations) {
    List<Hop> hops = new ArrayList<>();
    for (Observation o : observations) {
      hops.add(new Hop(o, List.of(), Hop.LATENCY_UNKNOWN));
    }
    return new Journey(1, 1, hops, List.of(), List.of());
  }

  private static Observation plain(String node, String point, int frameLength) {
    return new Observation(node, point, 1, 1, TO_WEB, null, null, frameLength, 1);
  }

  private static Observation encapsulated(String node, String point) {
    return new Observation(node, point, 1, 1, TO_WEB, TUNNEL, null, 110, 1);
  }
}
